"""Plain helpers and constants the tests share. Fixtures live in the conftest.py files; test
modules import helpers from here only, never from a conftest or another test module."""
import os
import random
import re
import socket
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from desk.extensions import db

IN_CI = os.environ.get("CI") == "true"
PASSWORD = "correct-horse-9"
DATA = Path(__file__).resolve().parent / "data"

# The `account` fixture's phones, the users' phones and the simulator's number for calls.
MOBILE, HOME = "+12145550101", "+12145550102"
COLLECTOR_PHONE, OTHER_PHONE = "+15005550007", "+15005550008"
OUR_NUMBER = "+15005550099"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"

# Any JSON value, for the property tests of the API.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


def closed_contact_hours() -> dict:
    """Settings that put now outside contact hours in every US time zone (UTC-4 to UTC-11, Guam
    UTC+10): a one-hour window six hours ahead of UTC (start and end may not be equal)."""
    from datetime import UTC, datetime

    start = (datetime.now(UTC).hour + 6) % 24
    return {"contact_hours_start": start, "contact_hours_end": start + 1}


# Services

def need(reason: str):
    """Skip for a missing service, except under CI where every service must be there."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_config(app_config: dict) -> tuple[str, str]:
    """Point the app at a real Redis (a random database index) with a fresh queue prefix;
    returns (url, prefix)."""
    if not port_open("127.0.0.1", 6379):
        need("Redis is not answering on 127.0.0.1:6379")
    url = f"redis://127.0.0.1:6379/{random.randint(1, 15)}"
    prefix = f"desk-test-{uuid.uuid4().hex[:10]}:"
    app_config.update(REDIS_URL=url, RQ_QUEUE_PREFIX=prefix, JOB_RETRY_INTERVALS=[1])
    return url, prefix


def clean_redis(url: str, prefix: str) -> None:
    """Delete only the keys a test made (they all carry its prefix)."""
    from redis import Redis

    redis = Redis.from_url(url)
    job_prefix = prefix.replace(":", "-")
    keys = list(redis.scan_iter(match=f"*{prefix}*", count=1000))
    keys += list(redis.scan_iter(match=f"*{job_prefix}*", count=1000))
    if keys:
        redis.delete(*keys)
    redis.close()


# The API

class ApiClient:
    """A test client that sends a bearer token with every request."""

    def __init__(self, client, token: str):
        self._client, self.token = client, token

    def _call(self, method, path, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return getattr(self._client, method)(path, headers=headers, **kwargs)

    def get(self, path, **kw):
        return self._call("get", path, **kw)

    def post(self, path, **kw):
        return self._call("post", path, **kw)

    def patch(self, path, **kw):
        return self._call("patch", path, **kw)


def token_for(app, user_id: int) -> str:
    """A new API token of the user."""
    from desk.users.auth import new_token
    from models import User

    with app.app_context():
        token = new_token(db.session.get(User, user_id))
        db.session.commit()
        return token


# Rows written by other threads

def fresh(app, model, row_id):
    """A row as the database has it now (other threads write it)."""
    with app.app_context():
        row = db.session.get(model, row_id)
        if row is not None:
            db.session.expunge(row)
        return row


def load_call(app, call_id: int):
    """The call as stored now (a fresh session: the live server wrote it)."""
    from models import Call

    with app.app_context():
        call = db.session.get(Call, call_id)
        db.session.expunge(call)
        return call


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


# Twilio

@contextmanager
def wired_simulator(app, live_server: str, **options):
    """The Twilio simulator wired both ways: the desk's REST client points at it and its signed
    callbacks reach the live desk. Twilio time runs 500x faster."""
    from telephony.simulator import Simulator

    with Simulator(webhook_base_url=live_server, time_scale=0.002, webhook_timeout=10, **options) as simulator:
        app.config.update(TWILIO_ACCOUNT_SID=simulator.account_sid, TWILIO_AUTH_TOKEN=simulator.auth_token,
                          TWILIO_FROM_NUMBER=simulator.from_number, TWILIO_API_BASE_URL=simulator.base_url,
                          PUBLIC_BASE_URL=live_server, TWILIO_HTTP_TIMEOUT=5)
        yield simulator


def settle(sim) -> None:
    """Wait until every simulated call flow has finished."""
    assert sim.wait_until(sim.idle, timeout=20), "the simulator did not finish"


def signed_post(app, client, path: str, params: dict):
    """POST a form to a webhook the way Twilio signs it (over PUBLIC_BASE_URL + path)."""
    url = (app.config.get("PUBLIC_BASE_URL") or "http://localhost") + path
    signature = RequestValidator(app.config["TWILIO_AUTH_TOKEN"]).compute_signature(url, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


# Imports

def write_csv(tmp_path: Path, text: str, name: str = "export.csv", encoding: str = "utf-8") -> str:
    """Write a CSV the way an export tool would (in its encoding)."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run_import(runner, kind: str, path: str, *extra: str):
    """Run `desk import KIND PATH ...` through the CLI."""
    return runner.invoke(args=["import", kind, str(path), *extra])


# The browser

def log_in(page, base: str, email: str = "cole@test.local") -> None:
    """Log in through the login form in a Playwright page; lands on the worklist."""
    from playwright.sync_api import expect

    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/worklist$"))
