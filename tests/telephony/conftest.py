"""Fixtures: the desk app (tests/conftest.py's `app`) served for real on 127.0.0.1 (port 0) with
receiver routes under /t, and a Simulator whose callbacks go to them. Receivers are real routes
behind @twilio_webhook; nothing is mocked."""
import threading
from collections import defaultdict

import pytest
from flask import Blueprint, Response, request
from werkzeug.serving import make_server

from desk.extensions import csrf, db
from models.webhooks import WebhookEvent
from telephony.simulator import Simulator
from webhooks.store import twilio_webhook

FAST = 0.002  # one Twilio second = 2 ms


class Receiver:
    """What the desk's webhook routes received, and the TwiML each route should answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen: dict[str, list[dict]] = defaultdict(list)
        self.twiml: dict[str, str] = {}
        self.fail_next: dict[str, int] = defaultdict(int)

    def record(self, name: str, form: dict) -> None:
        with self.lock:
            self.seen[name].append(form)

    def got(self, name: str) -> list[dict]:
        with self.lock:
            return list(self.seen[name])


def receiver_blueprint(receiver: Receiver) -> Blueprint:
    """A catch-all Twilio webhook route behind @twilio_webhook, recording what it received."""
    bp = Blueprint("test_receiver", __name__)

    @bp.post("/webhooks/twilio/<path:name>")
    @twilio_webhook
    def webhook(name):
        if name == "explode":
            db.session.add(WebhookEvent(path="/side-effect", form={}, headers={}))
            raise RuntimeError("the desk failed to apply this event")
        if receiver.fail_next[name] > 0:
            receiver.fail_next[name] -= 1
            return Response("try again", 500)
        receiver.record(name, dict(request.form.items()))
        return Response(receiver.twiml.get(name, "<Response/>"), mimetype="text/xml")

    csrf.exempt(bp)
    return bp


class Served:
    """A WSGI app on 127.0.0.1 at an ephemeral port, on a thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    return Receiver()


@pytest.fixture
def desk(app, receiver):
    """The desk app with the receiver routes under /t, served; yields (app, base_url of /t)."""
    app.register_blueprint(receiver_blueprint(receiver), url_prefix="/t")
    app.config["TWILIO_HTTP_TIMEOUT"] = 5
    served = Served(app)
    yield app, served.base_url + "/t"
    served.close()


@pytest.fixture
def sim(desk):
    """A fast simulator wired to the served app: its credentials in the app's config."""
    app, base_url = desk
    with Simulator(webhook_base_url=base_url, time_scale=FAST, webhook_timeout=5) as simulator:
        app.config.update(TWILIO_ACCOUNT_SID=simulator.account_sid, TWILIO_AUTH_TOKEN=simulator.auth_token,
                          TWILIO_FROM_NUMBER=simulator.from_number, TWILIO_API_BASE_URL=simulator.base_url)
        yield simulator


@pytest.fixture
def app_ctx(desk, sim):
    """An app context for calling telephony.client functions."""
    app, _ = desk
    with app.app_context():
        yield app


@pytest.fixture
def url(desk):
    """Absolute URL of a webhook route on the served app."""
    _, base_url = desk
    return lambda name: f"{base_url}/webhooks/twilio/{name}"
