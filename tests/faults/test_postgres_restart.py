"""PostgreSQL goes away under load (a proxy of our own between the desk and the shared server is
cut, then restored): webhooks that could not be applied are answered non-2xx, so Twilio sends
them again, and after recovery every event is applied exactly once."""
import os
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests
from twilio.request_validator import RequestValidator

from desk.extensions import db
from models import Activity, Conversation, Message
from tests.faults.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres
TOKEN = "proxy-token"
SENDERS = 6
PER_SENDER = 8


@pytest.fixture
def proxy(database_url):
    if os.environ.get("TEST_DATABASE") != "postgresql":
        pytest.skip("cuts a TCP path to PostgreSQL; run with TEST_DATABASE=postgresql")
    parts = urlsplit(database_url)
    proxy = TcpProxy((parts.hostname, parts.port or 5432))
    yield proxy
    proxy.close()


@pytest.fixture
def app_config(app_config, proxy):
    """The desk reaches PostgreSQL only through the proxy."""
    parts = urlsplit(app_config["SQLALCHEMY_DATABASE_URI"])
    netloc = parts.netloc.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{proxy.port}")
    app_config.update(SQLALCHEMY_DATABASE_URI=parts._replace(netloc=netloc).geturl(),
                      TWILIO_AUTH_TOKEN=TOKEN, SQLALCHEMY_ENGINE_OPTIONS={
                          "pool_pre_ping": True, "connect_args": {"connect_timeout": 2}})
    return app_config


class Twilio:
    """Posts signed inbound texts like Twilio: a non-2xx answer (or no answer) is sent again."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.failures = 0
        self.lock = threading.Lock()

    def deliver(self, sid: str, body: str) -> int:
        url = f"{self.base_url}/webhooks/twilio/sms"
        form = {"MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": "+12145550101",
                "To": "+15005550006", "Body": body, "NumMedia": "0"}
        signature = RequestValidator(TOKEN).compute_signature(url, form)
        for _ in range(100):
            try:
                status = requests.post(url, data=form, headers={"X-Twilio-Signature": signature},
                                       timeout=15).status_code
            except requests.RequestException:
                status = 0
            if 200 <= status < 300:
                return status
            with self.lock:
                self.failures += 1
            time.sleep(0.1)
        return status


def test_texts_arriving_while_the_database_restarts(app, live_server, account, proxy):
    app.config["PUBLIC_BASE_URL"] = live_server
    twilio = Twilio(live_server)
    answers: list[int] = []
    halfway = threading.Barrier(SENDERS + 1)  # every sender has delivered half its texts
    cut = threading.Event()

    def sender(n: int) -> None:
        for i in range(PER_SENDER):
            if i == PER_SENDER // 2:
                halfway.wait(timeout=60)
                cut.wait(timeout=60)
            answers.append(twilio.deliver(f"SM{n:02d}{i:02d}" + "0" * 28, f"text {n}-{i}"))

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    halfway.wait(timeout=60)
    proxy.cut()  # the database "restarts" while the second half is on its way
    cut.set()
    _wait_for(lambda: twilio.failures >= SENDERS)
    proxy.restore()
    for thread in threads:
        thread.join(timeout=60)

    assert twilio.failures >= SENDERS  # webhooks met the outage and were answered non-2xx
    assert answers == [200] * (SENDERS * PER_SENDER)
    with app.app_context():
        sids = db.session.execute(db.select(Message.twilio_sid)).scalars().all()
        assert len(sids) == len(set(sids)) == SENDERS * PER_SENDER
        conversation = db.session.execute(db.select(Conversation)).scalar_one()
        assert conversation.unread_count == SENDERS * PER_SENDER  # each applied once
        logged = db.session.scalar(db.select(db.func.count(Activity.id)).where(Activity.message_id.is_not(None)))
        assert logged == SENDERS * PER_SENDER


def _wait_for(condition, timeout: float = 30.0) -> None:
    """Polls until the condition holds; the test fails on its own assertion if it never does."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
