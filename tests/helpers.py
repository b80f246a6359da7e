"""Plain helpers and constants the tests share. Fixtures live in the conftest.py files; test
modules import helpers from here only, never from a conftest or another test module."""
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from twilio.request_validator import RequestValidator

from desk.extensions import db

IN_CI = os.environ.get("CI") == "true"
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
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


@contextmanager
def empty_postgres_database(prefix: str):
    """The URL of a new, empty PostgreSQL database, dropped afterwards whatever happens."""
    if not port_open("127.0.0.1", 5432):
        need("PostgreSQL is not answering on 127.0.0.1:5432")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()



def closed_port() -> int:
    """A loopback port nobody listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def hanging_server():
    """A loopback TCP server that accepts every connection and never answers (a hung Redis or
    API); yields its port. The connections are closed when the block ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        for conn in held:
            conn.close()


def finishes(call, seconds: float = 20.0):
    """Run `call` on a thread and return its result; fail (not hang) when it is still running
    after `seconds`, as a request blocked on a silent server would be."""
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(value=call()), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still running after {seconds} s: it hangs")
    return result["value"]


# Other desk processes (to stop one mid-job with a real kill)

ROOT = Path(__file__).resolve().parent.parent
DESK_PROCESS = """
import json, sys
from desk import create_app
from desk.extensions import db
from jobs.outbox import run_row
app = create_app(json.loads(sys.argv[1]))
run_row(app, int(sys.argv[2]))
"""


DESK_WORKER = """
import json, sys
from desk import create_app
from jobs.queues import worker
app = create_app(json.loads(sys.argv[1]))
worker(app).work(burst=True)
"""


def desk_process(config: dict, row_id: int, instance: Path) -> subprocess.Popen:
    """Another desk process (same database and files, `config` on top) running outbox row
    `row_id` in-process, as a web process runs a job after its commit."""
    return _python(DESK_PROCESS, instance, json.dumps(config), str(row_id))


def desk_worker(config: dict, instance: Path) -> subprocess.Popen:
    """A desk RQ worker in its own process (`desk worker --burst` with `config`)."""
    return _python(DESK_WORKER, instance, json.dumps(config))


def _python(code: str, instance: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DESK_INSTANCE_PATH": str(instance)}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def process_config(app) -> dict:
    """The settings another desk process needs to share this app's database and files."""
    keys = ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "PASSWORD_HASH_METHOD", "UPLOAD_DIR",
            "OUTBOX_DIR", "JOBS_INLINE")
    return {key: app.config[key] for key in keys} | {"REDIS_URL": None}


def kill_when(process: subprocess.Popen, predicate, timeout: float = 60.0) -> None:
    """Kill the process (SIGKILL, as a crash) as soon as `predicate()` holds."""
    import signal

    try:
        assert wait_for(lambda: predicate() or process.poll() is not None, timeout), "nothing happened"
        assert process.poll() is None, f"the process ended first: {process.stderr.read().decode()[-2000:]}"
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()


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

    def head(self, path, **kw):
        return self._call("head", path, **kw)

    def post(self, path, **kw):
        return self._call("post", path, **kw)

    def patch(self, path, **kw):
        return self._call("patch", path, **kw)

    def delete(self, path, **kw):
        return self._call("delete", path, **kw)


def token_for(app, user_id: int) -> str:
    """A new API token of the user."""
    from desk.users.tokens import new_token
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


def give_prerecorded_consent(app, account_id: int, number: str = MOBILE, how: str = "credit_application") -> None:
    """Record the customer's consent to prerecorded messages on one phone (a voicemail drop needs it)."""
    from desk.compliance.prerecorded_consent import set_prerecorded_consent
    from models import Phone

    with app.app_context():
        phone = db.session.execute(db.select(Phone).where(Phone.account_id == account_id,
                                                          Phone.number == number)).scalar_one()
        set_prerecorded_consent(phone, True, how)
        db.session.commit()


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
    page.wait_for_load_state("load")  # the worklist's scripts have run: its buttons and keys answer


def open_quick_action(page, live_server: str, account: int, action: str, window_id: str):
    """Logged in, on the account page, the quick action's window opened (and visible)."""
    from playwright.sync_api import expect

    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(f".quick-actions >> text={action}")
    window = page.locator(f"dialog#{window_id}")
    expect(window).to_be_visible()
    return window


def live_stream_open(page) -> bool:
    """Whether the page hears its live stream within 10 s (asked from outside the page: its CSP
    forbids the eval that wait_for_function polls with)."""
    return wait_for(lambda: page.evaluate("window.deskLive.isOpen()"))


# Login, sessions and tokens

def logged_in_client(app, email: str = "cole@test.local", password: str = PASSWORD, address: str = "127.0.0.1"):
    """A new test client logged in through the login form, from the given client address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.data
    return client


def try_login(client, email: str = "cole@test.local", password: str = "wrong-password-1",
              address: str = "127.0.0.1", **headers):
    """POST the login form from a client address (as the WSGI server sees it)."""
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def age_rows(app, column, seconds: float, *where) -> None:
    """Move a timestamp column of the matching rows `seconds` into the past (tests age rows
    instead of waiting)."""
    from datetime import timedelta

    with app.app_context():
        for row in db.session.execute(db.select(column.class_).where(*where)).scalars():
            value = getattr(row, column.key)
            if value is not None:
                setattr(row, column.key, value - timedelta(seconds=seconds))
        db.session.commit()


def csrf_header(client) -> dict:
    """The X-CSRFToken header a console page gives its scripts, for session writes to the API."""
    page = client.get("/password").get_data(as_text=True)
    return {"X-CSRFToken": page.split('name="csrf-token" content="')[1].split('"')[0]}


# Races

@contextmanager
def inserted_first(app, model, **values):
    """Another session inserts (and commits) a row of `model` just before this app's next INSERT
    into its table: a race lost between a verb's check and its insert, played exactly. Yields a
    list that holds True once the row went in."""
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    table = model.__table__
    done: list[bool] = []

    def slip_in(conn, cursor, statement, parameters, context, executemany):
        if not done and statement.lstrip().upper().startswith(f"INSERT INTO {table.name.upper()} "):
            done.append(True)
            with engine.begin() as other:
                other.execute(table.insert().values(**values))

    event.listen(engine, "before_cursor_execute", slip_in)
    try:
        yield done
    finally:
        event.remove(engine, "before_cursor_execute", slip_in)


def at_once(count: int, send) -> list:
    """Call `send()` from `count` threads released together; their answers, in no set order."""
    import threading

    barrier = threading.Barrier(count)
    answers: list = []

    def run():
        barrier.wait()
        answers.append(send())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


# Loopback HTTP

@contextmanager
def loopback_http(respond):
    """An HTTP server of the test's own on a free loopback port. `respond(path)` returns
    (status, headers, body); every request is kept as {"path", "headers"}. Yields (base URL, requests)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            seen.append({"path": self.path, "headers": dict(self.headers)})
            status, headers, body = respond(self.path)
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", seen
    finally:
        server.shutdown()
        server.server_close()


def more_accounts(app, count: int, **fields) -> list[int]:
    """`count` accounts of their own (numbers B-1..., phones of their own), as ids."""
    from decimal import Decimal

    from desk.accounts.records import create_account
    from desk.extensions import db

    made = []
    with app.app_context():
        for n in range(1, count + 1):
            made.append(create_account({
                "number": f"B-{n}", "first_name": f"Customer{n}", "last_name": "Lopez",
                "phones": [{"number": f"+1214555{n:04d}", "label": "mobile"}],
                "balance": Decimal("1000.00"), "amount_due": Decimal("100.00"), **fields,
            }).id)
        db.session.commit()
    return made


# ---- Chromium with fake audio devices, for the softphone tests (loopback only) ------------
CHROMIUM = "/usr/bin/chromium"
SOFTPHONE_SWITCHES = ["--no-sandbox", "--disable-gpu", "--allow-loopback-in-peer-connection",
                      "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                      "--autoplay-policy=no-user-gesture-required"]


@contextmanager
def chromium(switches: list[str]):
    """Debian's headless Chromium with these command-line switches (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        need("Chromium is not installed at /usr/bin/chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=switches)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def loopback_chromium(pages: int = 1, accept_certificate: bool = True, **context):
    """Pages of one Chromium with fake microphone and speaker that accepts the simulator's
    self-signed certificate (unless told not to); each page in its own context (its own login)."""
    with chromium(SOFTPHONE_SWITCHES) as browser:
        yield [browser.new_context(ignore_https_errors=accept_certificate, **context).new_page()
               for _ in range(pages)]


def inbound_audio_bytes(call: str) -> str:
    """A page script: the audio bytes received so far by the SDK call at `call` (a JS expression)."""
    return """async () => {
  const pc = CALL._mediaHandler.version.pc;
  let bytes = 0;
  (await pc.getStats()).forEach((r) => {
    if (r.type === "inbound-rtp" && r.kind === "audio") bytes += r.bytesReceived;
  });
  return bytes;
}""".replace("CALL", call)


def softphone_region(page):
    return page.get_by_role("region", name="Softphone")


def softphone_status(page):
    return softphone_region(page).get_by_role("status")


def softphone_ready(page, live_server, app=None, user_id=None):
    """Logged in, the softphone registered; with app and user_id also the console's heartbeat
    heard (inbound calls ring only available collectors' softphones)."""
    from playwright.sync_api import expect

    log_in(page, live_server)
    expect(softphone_status(page)).to_have_text("Softphone ready: calls to the desk ring here.", timeout=20000)
    if app is not None:
        assert wait_for(lambda: heartbeat_heard(app, user_id))


def heartbeat_heard(app, user_id) -> bool:
    from models import User

    with app.app_context():
        return db.session.get(User, user_id).last_seen_at is not None


def softphone_call_sid(page) -> str:
    return page.evaluate("window.deskSoftphone.call.parameters.CallSid")


# ---- Massachusetts customers, for the state contact rules (desk.compliance.state_rules) ----
MA_MOBILE, MA_HOME, MA_WORK = "+16175550101", "+16175550102", "+16175550103"


def massachusetts_account(app, collector_id: int, number: str = "M-1", phones: tuple = (MA_MOBILE, MA_HOME, MA_WORK),
                          email: bool = True) -> int:
    """An account in Boston assigned to the collector: mobile, home and work phones (as given)."""
    from decimal import Decimal

    from desk.accounts.records import create_account
    from models import User

    labels = {MA_MOBILE: "mobile", MA_HOME: "home", MA_WORK: "work"}
    with app.app_context():
        made = create_account({
            "number": number, "first_name": "Sean", "last_name": "Murphy",
            "phones": [{"number": p, "label": labels.get(p, "mobile")} for p in phones],
            "emails": [{"address": f"{number.lower()}@example.com"}] if email else [],
            "address": {"line1": "1 Beacon St", "city": "Boston", "state": "MA", "zip": "02108"},
            "balance": Decimal("3000.00"), "amount_due": Decimal("200.00"), "days_past_due": 12,
            "status": "delinquent", "assigned_to": db.session.get(User, collector_id),
        })
        db.session.commit()
        return made.id


_sids = iter(range(1, 10**6))


def called(account_id: int, number: str, when, status: str = "completed", customer_sid: str | None = "auto"):
    """An outbound call row (inside an app context): by default one that rang the customer."""
    from models import Call

    sid = f"CA{next(_sids):032d}" if customer_sid == "auto" else customer_sid
    db.session.add(Call(account_id=account_id, direction="outbound", via="phone", to_number=number,
                        status=status, customer_sid=sid, created_at=when))
    db.session.flush()


def texted(account_id: int, number: str, when, status: str = "sent", sid: str | None = "auto",
           auto_text: str | None = None):
    """An outbound text row (inside an app context): by default one Twilio took, written by a
    person (`auto_text` names the desk's automatic answer it is, if one)."""
    from desk.sms.conversations import conversation_for
    from models import Message

    db.session.add(Message(conversation_id=conversation_for(account_id, number).id, account_id=account_id,
                           direction="outbound", from_number=OUR_NUMBER, to_number=number, body="Payment due",
                           status=status, twilio_sid=f"SM{next(_sids):032d}" if sid == "auto" else sid,
                           auto_text=auto_text, created_at=when))
    db.session.flush()


# WCAG 2.x text contrast, measured in the page: every visible element with text of its own
# (a non-blank text node child), its color (an SVG text's fill) against the effective background
# (ancestors' background colours composed until an opaque one, over white). Large text (24px, or
# 18.66px bold) needs 3:1, other text 4.5:1. Disabled controls are exempt (WCAG 1.4.3).
# Answers the offenders: [{element, text, color, background, ratio, needed}].
CONTRAST_OFFENDERS_JS = r"""
() => {
  const parse = (value) => {
    const m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+%?))?\)/.exec(value || "");
    if (!m) return null;
    let alpha = m[4] === undefined ? 1 : parseFloat(m[4]);
    if (m[4] && m[4].endsWith("%")) alpha /= 100;
    return [+m[1], +m[2], +m[3], alpha];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour[3] > 0) {
        layers.push(colour);
        if (colour[3] >= 1) break;
      }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const ownText = (element) => Array.from(element.childNodes)
    .filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
  const visible = (element) => {
    const style = getComputedStyle(element);
    if (style.visibility !== "visible" || parseFloat(style.opacity) === 0) return false;
    if (element.closest("[hidden], dialog:not([open])")) return false;
    const box = element.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const name = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + Array.from(element.classList).map((c) => "." + c).join("");
  const offenders = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "OPTION"].includes(element.tagName)) continue;
    const text = ownText(element);
    if (!text || !visible(element) || element.closest(":disabled")) continue;
    const style = getComputedStyle(element);
    const svg = element instanceof SVGElement;
    let colour = parse(svg ? style.fill : style.color);
    if (!colour) continue;
    const behind = background(element);
    colour = over(colour, behind);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
    const needed = large ? 3 : 4.5;
    const measured = ratio(colour, behind);
    if (measured < needed) {
      offenders.push({element: name(element), text: text.slice(0, 40), needed,
                      color: `rgb(${colour.slice(0, 3).map(Math.round).join(",")})`,
                      background: `rgb(${behind.slice(0, 3).map(Math.round).join(",")})`,
                      ratio: Math.round(measured * 100) / 100});
    }
  }
  return offenders;
}
"""


def contrast_offenders(page) -> list[dict]:
    """The page's text that falls short of WCAG contrast (CONTRAST_OFFENDERS_JS)."""
    return page.evaluate(CONTRAST_OFFENDERS_JS)
