"""Calls through the simulator: the desk served live, Twilio's callbacks posted to it for real."""
import pytest

from tests.helpers import COLLECTOR_PHONE, OUR_NUMBER, wired_simulator


@pytest.fixture
def sim(app, live_server, open_hours):
    """A fast simulator whose webhooks reach the live desk; the collector's phone answers."""
    with wired_simulator(app, live_server, from_number=OUR_NUMBER) as simulator:
        simulator.script(COLLECTOR_PHONE, call="answer", talk_seconds=300, ring_seconds=2)
        yield simulator


@pytest.fixture
def softphone(app, users, sim, tmp_path):
    """The simulator's signalling served, the desk's softphone pointed at it, the collector
    calling by browser."""
    from desk.extensions import db
    from models import User

    host = sim.start_signalling(tmp_path / "certs")
    app.config.update(TWILIO_API_KEY_SID=sim.api_key_sid, TWILIO_API_KEY_SECRET=sim.api_key_secret,
                      TWILIO_TWIML_APP_SID=sim.twiml_app_sid, TWILIO_VOICE_SIGNALLING_HOST=host)
    with app.app_context():
        db.session.get(User, users["collector"]).call_via = "browser"
        db.session.commit()
    return sim
