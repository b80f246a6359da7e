"""Click-to-call bridges through the simulator: the final state of each outcome."""
import pytest

from tests.helpers import COLLECTOR_PHONE, MOBILE, OUR_NUMBER, give_prerecorded_consent, load_call, settle


def place(api, account, **body):
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", **body})
    assert answer.status_code == 201, answer.json
    return answer.json


def test_answered_call_bridges_and_prompts(app, api, account, sim):
    sim.script(MOBILE, call="answer", talk_seconds=45, ring_seconds=5)
    placed = place(api, account)
    assert placed["to"] == MOBILE and placed["status"] != "failed"  # its callbacks may already have moved it on
    settle(sim)
    call = load_call(app, placed["id"])
    assert (call.status, call.customer_status, call.talk_seconds) == ("completed", "completed", 45)
    assert call.duration == 50  # the collector heard it ring 5 s, then talked 45
    assert call.prompt_pending and call.ended_at and call.answered_at and call.customer_sid
    bridge = sim.deliveries("/voice/bridge/")[0]
    assert bridge["params"]["To"] == COLLECTOR_PHONE and bridge["status"] == 200
    prompts = api.get("/api/v1/prompts").json["items"]
    assert prompts[0]["call_id"] == call.id and prompts[0]["suggested_disposition"] == "Spoke to Customer"
    assert prompts[0]["customer"] == "Maria Garcia" and prompts[0]["duration"] == 45


@pytest.mark.parametrize("behaviour", ["no-answer", "busy", "failed"])
def test_customer_not_reached(app, api, account, sim, behaviour):
    sim.script(MOBILE, call=behaviour)
    call = load_call(app, place(api, account)["id"])
    settle(sim)
    call = load_call(app, call.id)
    assert call.customer_status == behaviour and call.status == "completed" and call.talk_seconds == 0
    assert call.prompt_pending
    assert api.get("/api/v1/prompts").json["items"][0]["suggested_disposition"] == "No Answer"


@pytest.mark.parametrize("behaviour", ["no-answer", "busy"])
def test_collector_does_not_pick_up(app, api, account, sim, behaviour):
    """The customer was never dialled: nothing to record, and no attempt is used up."""
    from desk import settings
    from desk.extensions import db

    with app.app_context():
        settings.change({"call_attempts_max": 1})
        db.session.commit()
    sim.script(COLLECTOR_PHONE, call=behaviour)
    placed = place(api, account)
    settle(sim)
    call = load_call(app, placed["id"])
    assert call.status == behaviour and call.customer_status is None and not call.prompt_pending
    assert call.ended_at is not None and api.get("/api/v1/prompts").json["items"] == []
    assert sim.deliveries("/voice/bridge/") == []
    sim.script(COLLECTOR_PHONE, call="answer")
    place(api, account)  # allowed: the missed call was no attempt
    settle(sim)
    refused = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "call_attempts"


def test_collector_hangs_up_while_the_customer_rings(app, api, account, sim):
    sim.script(COLLECTOR_PHONE, talk_seconds=3)
    sim.script(MOBILE, call="no-answer")
    placed = place(api, account)
    settle(sim)
    call = load_call(app, placed["id"])
    assert call.customer_status == "canceled" and call.status == "completed" and call.talk_seconds == 0
    assert api.get("/api/v1/prompts").json["items"][0]["suggested_disposition"] == "No Answer"


def test_collector_hangs_up_first_mid_conversation(app, api, account, sim):
    sim.script(COLLECTOR_PHONE, talk_seconds=20)
    sim.script(MOBILE, call="answer", talk_seconds=300, ring_seconds=5)
    placed = place(api, account)
    settle(sim)
    call = load_call(app, placed["id"])
    assert call.customer_status == "completed" and call.talk_seconds == 15


def test_voicemail_without_a_drop(app, api, account, sim):
    sim.script(MOBILE, call="voicemail", talk_seconds=30)
    placed = place(api, account, amd=True)
    settle(sim)
    call = load_call(app, placed["id"])
    assert call.amd and call.answered_by == "machine_start" and not call.voicemail_dropped
    assert api.get("/api/v1/prompts").json["items"][0]["suggested_disposition"] == "No Answer"


@pytest.mark.parametrize("drop", ["Hello, this is Acme Auto. Please call us back.",
                                  "https://example.com/drops/reminder.mp3"])
def test_voicemail_drop(app, api, account, sim, drop):
    give_prerecorded_consent(app, account)
    sim.script(MOBILE, call="voicemail", talk_seconds=30)
    placed = place(api, account, voicemail_drop=drop)
    settle(sim)
    call = load_call(app, placed["id"])
    assert call.answered_by == "machine_end_beep" and call.voicemail_dropped and call.voicemail_drop == drop
    screen = sim.deliveries("/voice/screen/")
    assert screen and screen[0]["params"]["AnsweredBy"] == "machine_end_beep"
    assert api.get("/api/v1/prompts").json["items"][0]["suggested_disposition"] == "Left Message"


def test_human_answer_with_amd_bridges(app, api, account, sim):
    give_prerecorded_consent(app, account)
    sim.script(MOBILE, call="answer", talk_seconds=30)
    placed = place(api, account, voicemail_drop="Please call us back.")
    settle(sim)
    call = load_call(app, placed["id"])
    assert call.answered_by == "human" and not call.voicemail_dropped and call.talk_seconds > 0


def test_recorded_call_keeps_the_recording(app, api, account, sim):
    with app.app_context():
        from desk import settings
        from desk.extensions import db

        settings.change({"record_calls": True})
        db.session.commit()
    sim.script(MOBILE, call="answer", talk_seconds=40)
    placed = place(api, account)
    settle(sim)
    call = load_call(app, placed["id"])
    assert call.recording_sid and call.recording_url and call.recording_duration is not None
    screen = sim.deliveries("/voice/screen/")
    assert screen, "the customer hears the recording notice"


def test_bridge_dials_from_our_number(app, api, account, sim):
    sim.script(MOBILE, call="answer", talk_seconds=5)
    placed = place(api, account)
    settle(sim)
    child = [d for d in sim.deliveries("/voice/status") if d["params"].get("ParentCallSid")]
    assert child and child[0]["params"]["From"] == OUR_NUMBER and child[0]["params"]["To"] == MOBILE
    assert load_call(app, placed["id"]).customer_sid == child[0]["params"]["CallSid"]
