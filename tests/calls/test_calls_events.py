"""Status events applied by SequenceNumber per call sid, whatever order they arrive in."""
import itertools

import pytest
from twilio.request_validator import RequestValidator

from desk.extensions import db
from models import Call, CallLeg

TOKEN = "f" * 32
MAIN, CUSTOMER = "CA" + "a" * 32, "CA" + "b" * 32


@pytest.fixture
def call_id(app, account, users, open_hours):
    app.config.update(TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL="http://desk.test")
    with app.app_context():
        call = Call(account_id=account, collector_id=users["collector"], direction="outbound", via="phone",
                    to_number="+12145550101", status="queued", twilio_sid=MAIN)
        db.session.add(call)
        db.session.commit()
        return call.id


def post(client, path, form):
    signature = RequestValidator(TOKEN).compute_signature("http://desk.test" + path, form)
    answer = client.post(path, data=form, headers={"X-Twilio-Signature": signature})
    assert answer.status_code in (200, 204)
    return answer


def event(sid, seq, status, **extra):
    form = {"CallSid": sid, "CallStatus": status, "SequenceNumber": str(seq)}
    if sid == CUSTOMER:
        form["ParentCallSid"] = MAIN
    return {**form, **extra}


CUSTOMER_EVENTS = [event(CUSTOMER, 0, "initiated"), event(CUSTOMER, 1, "ringing"),
                   event(CUSTOMER, 2, "in-progress"), event(CUSTOMER, 3, "completed", CallDuration="42")]
MAIN_EVENTS = [event(MAIN, 0, "initiated"), event(MAIN, 1, "ringing"), event(MAIN, 2, "in-progress"),
               event(MAIN, 3, "completed", CallDuration="50")]


def state(app, call_id):
    with app.app_context():
        call = db.session.get(Call, call_id)
        legs = {leg.sid: (leg.status, leg.last_sequence, leg.duration)
                for leg in db.session.execute(db.select(CallLeg)).scalars()}
        return (call.status, call.customer_status, call.duration, call.customer_sid,
                call.prompt_pending, call.answered_at is not None, legs)


@pytest.mark.parametrize("order", [p for i, p in enumerate(itertools.permutations(range(4))) if i % 5 == 0])
def test_any_order_any_repeats_same_state(app, client, call_id, order):
    path = f"/webhooks/twilio/voice/status?call_id={call_id}&leg=customer"
    for i in order:
        post(client, path, CUSTOMER_EVENTS[i])
        post(client, path, CUSTOMER_EVENTS[order[0]])  # a repeat of the first one, each time
    for form in reversed(MAIN_EVENTS):
        post(client, f"/webhooks/twilio/voice/status?call_id={call_id}&leg=main", form)
    status, customer_status, duration, customer_sid, prompt, answered, legs = state(app, call_id)
    assert (status, customer_status, duration, customer_sid, prompt, answered) == (
        "completed", "completed", 50, CUSTOMER, True, True)
    assert legs == {MAIN: ("completed", 3, 50), CUSTOMER: ("completed", 3, 42)}


def test_without_sequence_numbers_status_only_moves_forward(app, client, call_id):
    path = f"/webhooks/twilio/voice/status?call_id={call_id}"
    for status in ("ringing", "completed", "in-progress", "ringing"):
        post(client, path, {"CallSid": MAIN, "CallStatus": status, "CallDuration": "7"})
    assert state(app, call_id)[:3] == ("completed", None, 7)


def test_the_call_is_found_by_its_sid_when_the_url_does_not_say(app, client, call_id):
    post(client, "/webhooks/twilio/voice/status", event(MAIN, 0, "ringing"))
    post(client, "/webhooks/twilio/voice/status", event(CUSTOMER, 0, "ringing"))
    with app.app_context():
        roles = {leg.sid: leg.role for leg in db.session.execute(db.select(CallLeg)).scalars()}
    assert roles == {MAIN: "main", CUSTOMER: "customer"}
    assert state(app, call_id)[:2] == ("ringing", "ringing")


def test_prompt_is_raised_once(app, client, api, call_id, account):
    post(client, f"/webhooks/twilio/voice/dial-action/{call_id}",
         {"CallSid": MAIN, "DialCallStatus": "busy", "DialCallSid": CUSTOMER})
    assert api.get("/api/v1/prompts").json["items"][0]["suggested_disposition"] == "No Answer"
    logged = api.post(f"/api/v1/accounts/{account}/activities", json={"call_id": call_id, "notes": "busy"})
    assert logged.status_code == 201
    post(client, f"/webhooks/twilio/voice/status?call_id={call_id}&leg=main", MAIN_EVENTS[3])
    assert api.get("/api/v1/prompts").json["items"] == []
