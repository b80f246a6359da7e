"""X-Twilio-Signature: the simulator signs like Twilio, the decorator refuses what is not signed."""
import hashlib
import json

import requests
from twilio.request_validator import RequestValidator

from desk.extensions import db
from models.webhooks import WebhookEvent
from telephony.simulator.callbacks import signed_headers
from webhooks.store import replay

PARAMS = {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234",
          "From": "+14158675309", "To": "+18005551212"}


def test_known_vector_from_twilio_python():
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert RequestValidator("12345").compute_signature(url, PARAMS) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    headers = signed_headers("12345", url, PARAMS)
    assert headers["X-Twilio-Signature"] == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def post(url, params, token, signed_url=None, signed_params=None):
    headers = signed_headers(token, signed_url or url, signed_params if signed_params is not None else params)
    return requests.post(url, data=params, headers=headers, timeout=5)


def test_signed_request_accepted_and_stored_raw(desk, sim, url, receiver):
    app, _ = desk
    answer = post(url("sms"), PARAMS, sim.auth_token)
    assert answer.status_code == 200
    assert receiver.got("sms")[0]["Digits"] == "1234"
    with app.app_context():
        event = db.session.scalars(db.select(WebhookEvent)).one()
        assert event.path == "/t/webhooks/twilio/sms" and event.form["Caller"] == "+14158675309"
        assert event.applied_at is not None and event.idempotency_token.startswith("ID")
        assert "X-Twilio-Signature" in event.headers


def test_refusals(desk, sim, url, receiver):
    app, base = desk
    target = url("sms")
    assert requests.post(target, data=PARAMS, timeout=5).status_code == 403  # unsigned
    forged = {"X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="}
    assert requests.post(target, data=PARAMS, headers=forged, timeout=5).status_code == 403
    changed = dict(PARAMS, Digits="9999")  # replayed with a changed parameter
    assert post(target, changed, sim.auth_token, signed_params=PARAMS).status_code == 403
    assert post(target, PARAMS, sim.auth_token, signed_url=url("voice")).status_code == 403
    assert post(target, PARAMS, "not-the-token").status_code == 403
    assert receiver.got("sms") == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(WebhookEvent.id))) == 0


def test_public_base_url_behind_a_proxy(desk, sim, url):
    app, _ = desk
    app.config["PUBLIC_BASE_URL"] = "https://desk.example.com"
    public = "https://desk.example.com/t/webhooks/twilio/sms?x=1"
    assert post(url("sms") + "?x=1", PARAMS, sim.auth_token, signed_url=public).status_code == 200
    assert post(url("sms") + "?x=1", PARAMS, sim.auth_token).status_code == 403


def test_previous_token_accepted_during_rotation(desk, sim, url):
    app, _ = desk
    old = sim.auth_token
    app.config.update(TWILIO_AUTH_TOKEN="new-token", TWILIO_AUTH_TOKEN_PREVIOUS=old)
    assert post(url("sms"), PARAMS, old).status_code == 200
    assert post(url("sms"), PARAMS, "new-token").status_code == 200
    app.config["TWILIO_AUTH_TOKEN_PREVIOUS"] = None
    assert post(url("sms"), PARAMS, old).status_code == 403


def test_json_body_with_body_sha256(desk, sim, url):
    body = json.dumps({"event": "x"})
    target = url("events") + "?bodySHA256=" + hashlib.sha256(body.encode()).hexdigest()
    headers = signed_headers(sim.auth_token, target, {}) | {"Content-Type": "application/json"}
    assert requests.post(target, data=body, headers=headers, timeout=5).status_code == 200
    tampered = json.dumps({"event": "y"})
    assert requests.post(target, data=tampered, headers=headers, timeout=5).status_code == 403


def test_failed_apply_keeps_raw_event_and_replay(desk, sim, url, receiver):
    app, _ = desk
    assert post(url("explode"), PARAMS, sim.auth_token).status_code == 500
    with app.app_context():
        event = db.session.scalars(db.select(WebhookEvent)).one()  # the side effect rolled back
        assert event.path == "/t/webhooks/twilio/explode" and "RuntimeError" in event.error
        assert event.applied_at is None
        assert replay(event.id).status_code == 500  # still failing: still kept, not duplicated
        assert db.session.scalar(db.select(db.func.count(WebhookEvent.id))) == 1


def test_replay_applies_a_stored_event_again(desk, sim, url, receiver):
    app, _ = desk
    assert post(url("sms"), PARAMS, sim.auth_token).status_code == 200
    with app.app_context():
        event = db.session.scalars(db.select(WebhookEvent)).one()
        assert replay(event.id).status_code == 200
        assert db.session.scalar(db.select(db.func.count(WebhookEvent.id))) == 1
    assert [f["Digits"] for f in receiver.got("sms")] == ["1234", "1234"]
