"""Shared fixtures: a real database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql), the app,
clients, logged-in helpers, and a live server for the browser tests."""
import os
import threading
from pathlib import Path

import pytest
from hypothesis import settings
from psycopg.errors import DeadlockDetected
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from werkzeug.serving import make_server

from desk import create_app
from desk.extensions import db
from tests.helpers import (
    PASSWORD,
    ApiClient,
    chromium,
    clean_redis,
    empty_postgres_database,
    redis_config,
    token_for,
    wired_simulator,
)

# Property tests draw the same examples on every run and keep no example database between runs:
# a failure on one database pass is a failure on every run, and explicit @example cases hold what
# they once found. HYPOTHESIS_PROFILE=explore draws fresh examples when looking for new failures.
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))



@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh database for this test session, migrated to the latest schema."""
    if os.environ.get("TEST_DATABASE") == "postgresql":
        url = yield from _postgres_database()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        _migrate(url)
        yield url


def _postgres_database():
    with empty_postgres_database("desk_test") as url:
        _migrate(url)
        yield url


@pytest.fixture
def fresh_url(tmp_path):
    """An empty database of the suite's kind, not migrated (for tests of a migration), dropped
    afterwards."""
    if os.environ.get("TEST_DATABASE") != "postgresql":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    with empty_postgres_database("desk_fresh") as url:
        yield url



def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        _truncate(tables)
    else:
        # deleting old rows fires the report-change triggers (migration 0026): their log goes last
        for table in sorted(tables, key=lambda name: name == "report_changes"):
            db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()


def _truncate(tables: list[str], attempts: int = 3) -> None:
    """TRUNCATE every table. A request the last browser test left running (its page was still
    loading when the test ended) can hold one table and wait for another the TRUNCATE already
    holds: PostgreSQL cancels the TRUNCATE as a deadlock, and the next one waits that request out."""
    for attempt in range(1, attempts + 1):
        try:
            db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            return
        except OperationalError as error:
            db.session.rollback()
            if attempt == attempts or not isinstance(error.orig, DeadlockDetected):
                raise


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """The test configuration; tests may change it before `app` is built."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "JOBS_INLINE": "sync",
        "REDIS_URL": None,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "SMTP_URL": None,
        "TWILIO_ACCOUNT_SID": None,
        "TWILIO_AUTH_TOKEN": None,
    }


@pytest.fixture
def app(app_config, tmp_path):
    os.environ["DESK_INSTANCE_PATH"] = str(tmp_path / "instance")
    app = create_app(app_config)
    with app.app_context():
        from desk.collections.dispositions import ensure_defaults

        _empty_tables()
        ensure_defaults()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def users(app):
    """An admin and two collectors, by role name."""
    from desk.users.people import create_user

    with app.app_context():
        made = {
            "admin": create_user({"email": "admin@test.local", "name": "Ada Admin", "role": "admin",
                                  "password": PASSWORD, "phone": "+15005550006"}),
            "collector": create_user({"email": "cole@test.local", "name": "Cole Collector",
                                      "role": "collector", "password": PASSWORD, "phone": "+15005550007"}),
            "other": create_user({"email": "olive@test.local", "name": "Olive Other",
                                  "role": "collector", "password": PASSWORD, "phone": "+15005550008"}),
        }
        db.session.commit()
        return {role: user.id for role, user in made.items()}


class AuthActions:
    """flaskr's auth helper: log a test client in and out through the real login form."""

    def __init__(self, client):
        self._client = client

    def login(self, email: str = "cole@test.local", password: str = PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client, users):
    return AuthActions(client)


@pytest.fixture
def api(app, client, users):
    """The API as the collector."""
    return ApiClient(client, token_for(app, users["collector"]))


@pytest.fixture
def admin_api(app, users):
    return ApiClient(app.test_client(), token_for(app, users["admin"]))


@pytest.fixture
def account(app, users):
    """One account in Texas with a mobile and a home phone and an email, assigned to the collector."""
    from datetime import date
    from decimal import Decimal

    from desk.accounts.records import create_account
    from models import User

    with app.app_context():
        made = create_account({
            "number": "A-1001", "first_name": "Maria", "last_name": "Garcia",
            "phones": [{"number": "+12145550101", "label": "mobile"},
                       {"number": "+12145550102", "label": "home"}],
            "emails": [{"address": "maria@example.com"}],
            "address": {"line1": "1 Elm St", "city": "Dallas", "state": "TX", "zip": "75201"},
            "vehicle": "2016 Chevrolet Malibu", "balance": Decimal("5400.00"),
            "amount_due": Decimal("250.00"), "due_on": date(2026, 11, 1), "days_past_due": 24,
            "status": "delinquent", "assigned_to": db.session.get(User, users["collector"]),
        })
        db.session.commit()
        return made.id


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free loopback port, on a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()



@pytest.fixture
def inbox(app):
    """A real SMTP server on a loopback port; SMTP_URL points at it (tests/test_email.py has one
    that also asks for a login)."""
    from tests import smtp_server

    box = smtp_server.Inbox()
    controller = smtp_server.start(box)
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    yield box
    controller.stop()


@pytest.fixture
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    with chromium(["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run"]) as browser:
        yield browser


@pytest.fixture
def page(browser, request):
    """A fresh browser page; a screenshot is kept under test-artifacts/ when the test ends."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    artifacts = Path(__file__).resolve().parent.parent / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def redis_url(app_config):
    """A real Redis for the test: a random database index and a queue prefix of its own; only
    the keys with that prefix are deleted afterwards."""
    url, prefix = redis_config(app_config)
    yield url
    clean_redis(url, prefix)


@pytest.fixture
def open_hours(app):
    """Contact hours 0-24, so no test depends on the hour it runs at."""
    from desk import settings

    with app.app_context():
        settings.change({"contact_hours_start": 0, "contact_hours_end": 24})
        db.session.commit()


@pytest.fixture
def sim(app, live_server, open_hours):
    """The simulator, wired both ways: the desk sends to it, it calls the desk's webhooks."""
    with wired_simulator(app, live_server) as simulator:
        yield simulator
        simulator.wait_until(simulator.idle)


def _only_loopback() -> bool:
    """True inside a network namespace with nothing but `lo` (tests/softphone_netns.sh)."""
    import socket

    return all(name == "lo" for _, name in socket.if_nameindex())


def pytest_collection_modifyitems(config, items):
    """WebRTC tests (marker `softphone`) run only where loopback is the only network."""
    if _only_loopback():
        return
    skip = pytest.mark.skip(reason="softphone tests run in a loopback-only network namespace: "
                                   "tests/softphone_netns.sh (part of `make test-sqlite`)")
    for item in items:
        if "softphone" in item.keywords:
            item.add_marker(skip)
