"""Calls through the simulator: the desk served live, Twilio's callbacks posted to it for real."""
import pytest

from tests.helpers import COLLECTOR_PHONE, OUR_NUMBER, wired_simulator


@pytest.fixture
def sim(app, live_server, open_hours):
    """A fast simulator whose webhooks reach the live desk; the collector's phone answers."""
    with wired_simulator(app, live_server, from_number=OUR_NUMBER) as simulator:
        simulator.script(COLLECTOR_PHONE, call="answer", talk_seconds=300, ring_seconds=2)
        yield simulator
