"""The embedded simulator as `desk run` starts it, `desk simulate`, the dev phone page."""
import pytest

from desk.extensions import db
from models.webhooks import WebhookEvent
from telephony import client
from telephony.simulator.embed import get_simulator, start_embedded
from telephony.tokens import softphone_enabled, softphone_token


@pytest.fixture
def embedded(app, live_server):
    app.config["PUBLIC_BASE_URL"] = live_server
    sim = start_embedded(app)
    sim.time_scale = 0.002
    yield sim
    sim.stop()


def test_start_embedded_points_the_app_at_it(app, embedded):
    assert app.config["TWILIO_API_BASE_URL"] == embedded.base_url
    assert app.config["TWILIO_ACCOUNT_SID"] == embedded.account_sid
    assert start_embedded(app) is embedded and get_simulator(app) is embedded
    with app.app_context():
        assert client.send_message("+15005550001", "hello").status == "queued"
        assert softphone_enabled() and softphone_token(1)
        assert app.config["TWILIO_VOICE_SIGNALLING_HOST"] == embedded.signalling_host


def test_simulate_sms_reaches_the_desk_signed(app, embedded, runner):
    result = runner.invoke(args=["simulate", "sms", "--from", "+15005550001", "--body", "I can pay Friday"])
    assert result.exit_code == 0, result.output
    assert embedded.deliveries("/webhooks/twilio/sms")
    assert runner.invoke(args=["simulate", "fault", "bogus"]).exit_code != 0
    assert runner.invoke(args=["simulate", "script", "+15005550001", "--call", "busy"]).exit_code == 0
    assert embedded.world.script_for("+15005550001").call == "busy"


def test_dev_phone_needs_login_and_plays_the_customer(app, embedded, client, auth):
    assert client.get("/dev/phone/").status_code in (302, 401)
    auth.login()
    assert client.get("/dev/phone/?number=%2B15005550001").status_code == 200
    answer = client.post("/dev/phone/script", data={"number": "+15005550001", "call": "manual", "sms": "delivered"})
    assert answer.status_code == 302 and embedded.world.script_for("+15005550001").call == "manual"
    assert client.post("/dev/phone/sms", data={"number": "+15005550001", "body": "STOP"}).status_code == 302
    assert ("+15005550001", embedded.from_number) in embedded.world.opted_out


def test_softphone_token_with_api_key(app):
    app.config.update(TWILIO_ACCOUNT_SID="AC" + "0" * 32, TWILIO_API_KEY_SID="SK" + "0" * 32,
                      TWILIO_API_KEY_SECRET="s" * 32, TWILIO_TWIML_APP_SID="AP" + "0" * 32)
    with app.app_context():
        assert softphone_token(7).count(".") == 2


def test_webhooks_replay_command(app, runner):
    with app.app_context():
        db.session.add(WebhookEvent(path="/webhooks/twilio/unknown", form={}, headers={}))
        db.session.commit()
        event_id = db.session.scalar(db.select(WebhookEvent.id))
    assert "HTTP 404" in runner.invoke(args=["webhooks", "replay", str(event_id)]).output
    assert runner.invoke(args=["webhooks", "replay", "999999"]).exit_code != 0


def test_dev_phone_issues_a_customer_token(app, embedded, client, auth):
    from telephony.simulator.voice_sdk.access import verify

    assert client.get("/dev/phone/token?number=%2B15005550001").status_code in (302, 401)
    auth.login()
    refused = client.get("/dev/phone/token?number=555")
    assert refused.status_code == 400 and refused.json["error"]["field"] == "number"
    issued = client.get("/dev/phone/token?number=%2B15005550001").json
    grant = verify(issued["token"], embedded)
    assert grant.identity == "customer:+15005550001" == issued["identity"]
    assert grant.outgoing_app == embedded.customer_app_sid and not grant.incoming
    assert issued["device_options"]["chunderw"] == [embedded.signalling_host]
