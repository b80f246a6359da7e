"""Calls through the simulator: the desk served live, Twilio's callbacks posted to it for real."""
import pytest

from desk import settings
from desk.extensions import db
from models import Call
from telephony.simulator import Simulator

FAST = 0.002  # one Twilio second = 2 ms
COLLECTOR_PHONE, OTHER_PHONE = "+15005550007", "+15005550008"
MOBILE, HOME = "+12145550101", "+12145550102"
OUR_NUMBER = "+15005550099"


@pytest.fixture
def open_hours(app):
    """Contact hours 0-24 so no test depends on the hour it runs at."""
    with app.app_context():
        settings.change({"contact_hours_start": 0, "contact_hours_end": 24})
        db.session.commit()


@pytest.fixture
def sim(app, live_server, open_hours):
    """A fast simulator whose webhooks reach the live desk; the desk's TWILIO_* point at it."""
    with Simulator(webhook_base_url=live_server, time_scale=FAST, webhook_timeout=10,
                   from_number=OUR_NUMBER) as simulator:
        app.config.update(TWILIO_ACCOUNT_SID=simulator.account_sid, TWILIO_AUTH_TOKEN=simulator.auth_token,
                          TWILIO_FROM_NUMBER=simulator.from_number, TWILIO_API_BASE_URL=simulator.base_url,
                          PUBLIC_BASE_URL=live_server, TWILIO_HTTP_TIMEOUT=5)
        simulator.script(COLLECTOR_PHONE, call="answer", talk_seconds=300, ring_seconds=2)
        yield simulator


def load_call(app, call_id: int) -> Call:
    """The call as stored now (a fresh session: the live server wrote it)."""
    with app.app_context():
        call = db.session.get(Call, call_id)
        db.session.expunge(call)
        return call


def settle(sim) -> None:
    """Wait until every simulated call flow has finished."""
    assert sim.wait_until(sim.idle, timeout=20), "the simulator did not finish"
