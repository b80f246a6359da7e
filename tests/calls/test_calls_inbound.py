"""Calls to our number: matched to an account, rung to collectors, else a voicemail."""
from desk.extensions import db
from models import Activity, Call
from tests.helpers import COLLECTOR_PHONE, MOBILE, OTHER_PHONE, load_call, settle

STRANGER = "+13125550199"


def inbound(app, sim, number=MOBILE, talk_seconds=60) -> Call:
    placed = sim.customer_call(number, talk_seconds=talk_seconds, wait=True)
    settle(sim)
    with app.app_context():
        call = db.session.execute(db.select(Call).where(Call.twilio_sid == placed.sid)).scalar_one()
        return load_call(app, call.id)


def test_the_assigned_collector_takes_the_call(app, api, account, users, sim):
    call = inbound(app, sim)
    assert call.direction == "inbound" and call.via == "inbound" and call.account_id == account
    assert call.from_number == MOBILE and call.collector_id == users["collector"]
    assert call.status == "completed" and call.talk_seconds > 0 and call.prompt_pending
    rung = sim.deliveries("/voice/status?call_id")
    assert {d["params"]["To"] for d in rung} == {COLLECTOR_PHONE}
    prompt = api.get("/api/v1/prompts").json["items"][0]
    assert prompt["direction"] == "inbound" and prompt["suggested_disposition"] == "Spoke to Customer"


def test_another_collector_answers_when_the_assigned_one_does_not(app, api, account, users, sim):
    sim.script(COLLECTOR_PHONE, call="no-answer")
    sim.script(OTHER_PHONE, call="answer", talk_seconds=100)
    call = inbound(app, sim)
    assert call.collector_id == users["other"] and call.prompt_pending and call.talk_seconds > 0
    assert api.get("/api/v1/prompts").json["items"] == []
    rung = [d["params"]["To"] for d in sim.deliveries("/voice/status?call_id")
            if d["params"]["CallStatus"] == "initiated"]
    assert rung == [COLLECTOR_PHONE, OTHER_PHONE]


def test_nobody_answers_so_the_caller_leaves_a_voicemail(app, api, account, sim):
    sim.script(COLLECTOR_PHONE, call="no-answer")
    sim.script(OTHER_PHONE, call="busy")
    call = inbound(app, sim, talk_seconds=120)
    assert call.collector_id is None and not call.prompt_pending and call.status == "completed"
    assert call.recording_sid and call.recording_url and call.recording_duration > 0
    timeline = api.get(f"/api/v1/accounts/{account}/activities?type=call").json["items"]
    assert len(timeline) == 1 and timeline[0]["call_id"] == call.id
    assert timeline[0]["notes"].startswith("Voicemail from (214) 555-0101 (")


def test_an_unknown_caller_is_kept_for_linking(app, api, account, sim):
    sim.script(COLLECTOR_PHONE, call="no-answer")
    sim.script(OTHER_PHONE, call="no-answer")
    call = inbound(app, sim, number=STRANGER, talk_seconds=120)
    assert call.account_id is None and call.from_number == STRANGER and call.recording_url
    unmatched = api.get("/api/v1/calls/unmatched").json["items"]
    assert [c["id"] for c in unmatched] == [call.id] and unmatched[0]["from"] == STRANGER
    linked = api.post(f"/api/v1/calls/{call.id}/link", json={"account_id": account})
    assert linked.status_code == 200 and linked.json["account_id"] == account
    assert api.get("/api/v1/calls/unmatched").json["items"] == []
    assert api.post(f"/api/v1/calls/{call.id}/link", json={"account_id": account}).status_code == 409
    with app.app_context():
        notes = db.session.execute(db.select(Activity.notes).where(Activity.call_id == call.id)).scalar_one()
        assert notes.startswith("Voicemail from")


def test_an_unknown_caller_reaches_a_collector(app, api, account, users, sim):
    call = inbound(app, sim, number=STRANGER)
    assert call.account_id is None and call.collector_id == users["collector"]
    assert api.get("/api/v1/prompts").json["items"] == []  # shown once the call is linked
    api.post(f"/api/v1/calls/{call.id}/link", json={"account_id": account})
    assert api.get("/api/v1/prompts").json["items"][0]["call_id"] == call.id


def test_a_repeated_voice_webhook_reuses_the_call(app, account, sim):
    from models import WebhookEvent
    from webhooks.store import replay

    call = inbound(app, sim)
    with app.app_context():
        first = db.session.execute(db.select(WebhookEvent.id).where(
            WebhookEvent.path == "/webhooks/twilio/voice")).scalar_one()
        assert b"<Dial" in replay(first).data
        assert db.session.execute(db.select(db.func.count(Call.id))).scalar() == 1
    assert load_call(app, call.id).collector_id is not None


def test_unsigned_voice_webhooks_are_refused(client, account):
    for path in ("/webhooks/twilio/voice", "/webhooks/twilio/voice/status", "/webhooks/twilio/voice/bridge/1"):
        assert client.post(path, data={"CallSid": "CA1", "From": MOBILE}).status_code == 403


def test_link_needs_a_real_account_and_call(api, account):
    assert api.post("/api/v1/calls/999/link", json={"account_id": account}).status_code == 404
    assert api.get("/api/v1/calls/999").status_code == 404


def test_console_links_an_unknown_caller(app, client, auth, account, sim):
    sim.script(COLLECTOR_PHONE, call="no-answer")
    sim.script(OTHER_PHONE, call="no-answer")
    call = inbound(app, sim, number=STRANGER, talk_seconds=120)
    assert client.get("/calls/unmatched").status_code == 302  # login first
    auth.login()
    page = client.get("/calls/unmatched").data
    assert b"(312) 555-0199" in page and b"Link" in page  # STRANGER, shown the one way the console shows numbers
    refused = client.post(f"/calls/{call.id}/link", data={"account_number": "nope"})
    assert refused.status_code == 302 and load_call(app, call.id).account_id is None
    linked = client.post(f"/calls/{call.id}/link", data={"account_number": "A-1001"})
    assert linked.status_code == 302 and linked.location.endswith(f"/accounts/{account}")
    assert load_call(app, call.id).account_id == account
    assert b"No unknown callers." in client.get("/calls/unmatched").data
    assert client.post("/calls/999/link", data={"account_number": "A-1001"}).status_code in (302, 404)


def test_the_voicemail_plays_from_the_timeline(app, client, auth, account, sim):
    sim.script(COLLECTOR_PHONE, call="no-answer")
    sim.script(OTHER_PHONE, call="no-answer")
    call = inbound(app, sim, talk_seconds=120)
    assert client.get(f"/calls/{call.id}/recording").status_code == 302  # login first
    auth.login()
    page = client.get(f"/accounts/{account}").data.decode()
    assert f'href="/calls/{call.id}/recording"' in page and "Voicemail from (214) 555-0101" in page
    audio = client.get(f"/calls/{call.id}/recording")
    assert audio.status_code == 200 and audio.data.startswith(b"RIFF") and audio.mimetype == "audio/x-wav"
    assert client.get("/calls/999/recording").status_code == 404


def test_a_recording_url_elsewhere_is_never_fetched(app, client, auth, account, sim):
    with app.app_context():
        call = Call(account_id=account, direction="inbound", via="inbound", status="completed",
                    recording_url="https://attacker.example/steal")
        db.session.add(call)
        db.session.commit()
        call_id = call.id
    auth.login()
    assert client.get(f"/calls/{call_id}/recording").status_code == 404
