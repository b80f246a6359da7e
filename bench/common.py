"""Shared pieces of the HTTP benchmarks: a throwaway PostgreSQL database, the app (or the bare
endpoint) under gunicorn in its own process group, seeded accounts and sent messages, signed
Twilio payloads, and a thread-pool load driver that records per-request latency."""
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import requests
from sqlalchemy import create_engine, insert, text
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
OUR_NUMBER = "+15005550006"
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-k", "gthread", "--threads", "4",
            "--keep-alive", "10"]
INBOUND_PATH = "/webhooks/twilio/sms"
STATUS_PATH = "/webhooks/twilio/sms/status"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" ({os.cpu_count()} CPUs)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def database(prefix: str = "desk_bench"):
    """A fresh, empty PostgreSQL database, dropped afterwards whatever happens."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def side_by_side(sizes: tuple[int, ...], prefix: str, build):
    """One fresh database per size, filled by `build(url, size)` (its result is kept, by size),
    the build timed; every database is dropped on the way out."""
    with ExitStack() as stack:
        built = {}
        for size in sizes:
            url = stack.enter_context(database(f"{prefix}_{size}"))
            started = time.perf_counter()
            built[size] = build(url, size)
            print(f"built {size:,} accounts in {time.perf_counter() - started:.0f}s", flush=True)
        yield built


# The desk as the benchmarks run it in-process: no Redis, jobs run at once, cheap password hashes.
BENCH_APP = {"TESTING": True, "JOBS_INLINE": "sync", "REDIS_URL": None, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}


def migrated_app(database_url: str):
    """The desk bound to `database_url`, migrated, with the default dispositions."""
    from flask_migrate import upgrade

    from desk import create_app
    from desk.collections.dispositions import ensure_defaults
    from desk.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **BENCH_APP})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        ensure_defaults()
        db.session.commit()
    return app


def bench_users(count: int, email_prefix: str, role: str = "collector") -> list:
    """`count` users (in the app context), committed."""
    from desk.extensions import db
    from desk.users.people import create_user

    users = [create_user({"email": f"{email_prefix}{i}@bench", "name": f"Collector {i}", "role": role,
                          "password": "bench-pass-1"}) for i in range(count)]
    db.session.commit()
    return users


def fill_in_batches(count: int, fill_batch, tables: tuple[str, ...] = ("accounts",), batch: int = 2000) -> None:
    """Rows for accounts 1..count, `batch` accounts a transaction: `fill_batch(conn, ids)` inserts
    them with explicit ids. Then the id sequences of `tables` go on after `count`, and the
    planner's statistics are refreshed (in the app context)."""
    from desk.extensions import db

    for start in range(0, count, batch):
        fill_batch(db.session.connection(), range(start + 1, min(start + batch, count) + 1))
        db.session.commit()
    for table in tables:
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {count})"))
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def app_config(database_url: str, base_url: str = "http://localhost", **extra) -> dict:
    """The environment the desk runs with in these benchmarks (signatures checked, jobs sync)."""
    return {"DATABASE_URL": database_url, "PUBLIC_BASE_URL": base_url, "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM_NUMBER": OUR_NUMBER, "JOBS_INLINE": "sync",
            "SECRET_KEY": "bench-secret", **extra}


def seed(database_url: str, accounts: int, sent_per_account: int = 0) -> tuple[list[tuple[int, str, str]], str]:
    """Migrate and fill: `accounts` accounts with a mobile phone and a conversation, each with
    `sent_per_account` outbound texts in status queued (sid known). Returns [(message id, sid,
    to number)] and a bearer token of a collector."""
    from flask_migrate import upgrade

    from desk import create_app
    from desk.collections.dispositions import ensure_defaults
    from desk.extensions import db
    from desk.users.people import create_user
    from desk.users.tokens import new_token
    from models import Account, Conversation, Message, Phone

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "JOBS_INLINE": "sync",
                      "REDIS_URL": None, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        ensure_defaults()
        user = create_user({"email": "c@bench", "name": "Collector", "role": "admin", "password": "bench-pass-1"})
        token = new_token(user)
        db.session.commit()
        conn = db.session.connection()
        ids = range(1, accounts + 1)
        conn.execute(insert(Account), [{
            "id": i, "number": f"N{i:07d}", "first_name": f"F{i}", "last_name": f"L{i}", "timezone": "America/Chicago",
            "days_past_due": 10, "status": "delinquent", "assigned_to_id": user.id, "created_at": now,
            "updated_at": now, "balance": 1000, "amount_due": 250} for i in ids])
        conn.execute(insert(Phone), [{"account_id": i, "number": phone(i), "label": "mobile"} for i in ids])
        conn.execute(insert(Conversation), [{"id": i, "account_id": i, "phone_number": phone(i), "created_at": now,
                                             "unread_count": 0, "ambiguous": False} for i in ids])
        rows = [{"conversation_id": i, "account_id": i, "direction": "outbound", "from_number": OUR_NUMBER,
                 "to_number": phone(i), "body": "Your payment is due", "status": "queued",
                 "twilio_sid": f"SM{i:08d}{k:04d}" + "0" * 20, "segments": 1, "encoding": "GSM-7",
                 "created_at": now, "updated_at": now, "stop_request_flagged": False, "send_attempts": 1}
                for i in ids for k in range(sent_per_account)]
        for start in range(0, len(rows), 5000):
            conn.execute(insert(Message), rows[start:start + 5000])
        for table in ("accounts", "conversations"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {accounts})"))
        db.session.commit()
        sent = [(m.id, m.twilio_sid, m.to_number) for m in db.session.execute(
            db.select(Message).order_by(Message.id)).scalars()]
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    return sent, token


def phone(i: int) -> str:
    return f"+1214{i:07d}"


@contextmanager
def gunicorn(app_spec: str, env: dict, workers: int = 2):
    """gunicorn (gthread, 4 threads a worker) on a free loopback port; yields its base URL.
    The server runs in its own process group, killed on the way out."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    if "PUBLIC_BASE_URL" in env:
        full_env["PUBLIC_BASE_URL"] = base
    command = GUNICORN[:2] + [str(workers)] + GUNICORN[3:] + ["-b", f"127.0.0.1:{port}", "--log-level",
                                                               "warning", app_spec]
    process = subprocess.Popen(command, cwd=ROOT, env=full_env, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + "/", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn {app_spec} did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def signed(base: str, path: str, params: dict) -> tuple[str, dict, dict]:
    """(path, form, headers) as Twilio would POST it to `base` + path."""
    signature = RequestValidator(AUTH_TOKEN).compute_signature(base + path, params)
    return path, params, {"X-Twilio-Signature": signature, "I-Twilio-Idempotency-Token": uuid.uuid4().hex}


def status_callback(base: str, message_id: int, sid: str, to: str, status: str, error: str | None = None):
    params = {"AccountSid": ACCOUNT_SID, "MessageSid": sid, "SmsSid": sid, "MessageStatus": status,
              "SmsStatus": status, "From": OUR_NUMBER, "To": to, "ApiVersion": "2010-04-01"}
    if error:
        params["ErrorCode"] = error
    return signed(base, f"{STATUS_PATH}?m={message_id}", params)


def inbound_sms(base: str, sender: str, body: str):
    sid = "SM" + uuid.uuid4().hex
    params = {"AccountSid": ACCOUNT_SID, "MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid, "From": sender,
              "To": OUR_NUMBER, "Body": body, "NumSegments": "1", "NumMedia": "0", "ApiVersion": "2010-04-01"}
    return signed(base, INBOUND_PATH, params)


def drive(bases: list[str], batch: list[tuple[str, dict, dict]], concurrency: int = 16) -> dict:
    """POST every request (alternating over `bases` when several) from `concurrency` threads,
    each with its own keep-alive session. Returns wall time, rate, latency percentiles, statuses."""
    sessions = {}

    def one(index_and_request):
        index, (path, form, headers) = index_and_request
        session = sessions.setdefault(threading.get_ident(), requests.Session())
        started = time.perf_counter()
        try:
            response = session.post(bases[index % len(bases)] + path, data=form, headers=headers, timeout=30)
        except requests.ConnectionError:  # a kept-alive connection the server had just closed
            session.close()
            return time.perf_counter() - started, "reset"
        return time.perf_counter() - started, response.status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, enumerate(batch)))
    elapsed = time.perf_counter() - started
    for session in sessions.values():
        session.close()
    latencies = sorted(r[0] for r in results if r[1] != "reset")
    statuses = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {"seconds": elapsed, "rate": len(batch) / elapsed, "p50": percentile(latencies, 50) * 1000,
            "p99": percentile(latencies, 99) * 1000, "statuses": statuses, "count": len(batch)}


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def describe(label: str, result: dict) -> str:
    return (f"{label:<28}{result['count']:>7} req {result['seconds']:>7.2f} s {result['rate']:>8.1f} req/s  "
            f"p50 {result['p50']:>6.1f} ms  p99 {result['p99']:>6.1f} ms  {result['statuses']}")


median = statistics.median
