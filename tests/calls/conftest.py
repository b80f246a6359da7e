"""Calls through the simulator: the desk served live, Twilio's callbacks posted to it for real."""
import pytest

from desk.extensions import db
from models import Call
from tests.conftest import wired_simulator

COLLECTOR_PHONE, OTHER_PHONE = "+15005550007", "+15005550008"
MOBILE, HOME = "+12145550101", "+12145550102"
OUR_NUMBER = "+15005550099"


@pytest.fixture
def sim(app, live_server, open_hours):
    """A fast simulator whose webhooks reach the live desk; the collector's phone answers."""
    with wired_simulator(app, live_server, from_number=OUR_NUMBER) as simulator:
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
