"""SMS tests run the desk for real: the app on a live server, the Twilio simulator posting its
signed callbacks to it, jobs run synchronously. Nothing is mocked."""
import time

import pytest
from twilio.request_validator import RequestValidator

from desk.extensions import db
from tests.conftest import wired_simulator

MOBILE, HOME = "+12145550101", "+12145550102"


@pytest.fixture
def sim(app, live_server, open_hours):
    """The simulator, wired both ways: the desk sends to it, it calls the desk's webhooks."""
    with wired_simulator(app, live_server) as simulator:
        yield simulator
        simulator.wait_until(simulator.idle)


def fresh(app, model, row_id):
    """A row as the database has it now (other threads write it)."""
    with app.app_context():
        row = db.session.get(model, row_id)
        if row is not None:
            db.session.expunge(row)
        return row


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


def signed_post(app, client, path: str, params: dict):
    """POST a form to a webhook the way Twilio signs it (over PUBLIC_BASE_URL + path)."""
    url = (app.config.get("PUBLIC_BASE_URL") or "http://localhost") + path
    signature = RequestValidator(app.config["TWILIO_AUTH_TOKEN"]).compute_signature(url, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"
