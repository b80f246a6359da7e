"""Sending texts through the simulator: templates, custom text, MMS, refusals, Twilio down."""
from datetime import UTC, datetime

import pytest

from desk.extensions import db
from models import Activity, ConsentEvent, Message, Phone
from tests.helpers import HOME, MOBILE, PDF, PNG, closed_contact_hours, fresh, wait_for


def status_of(app, message_id):
    return fresh(app, Message, message_id).status


def delivered(app, sim, message_id):
    assert wait_for(lambda: status_of(app, message_id) == "delivered"), status_of(app, message_id)
    assert sim.wait_until(sim.idle)
    return fresh(app, Message, message_id)


def test_template_send_renders_merge_fields(app, api, admin_api, account, sim):
    template = admin_api.post("/api/v1/templates", json={
        "channel": "sms", "name": "Reminder",
        "body": "Hi {{ first_name }}, {{ amount_due }} was due {{ due_on }}. - {{ collector_name }}"}).json
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"template_id": template["id"]})
    assert answer.status_code == 202, answer.json
    sent = answer.json
    assert sent["body"] == "Hi Maria, $250.00 was due Nov 01, 2026. - Cole Collector"
    assert sent["to"] == MOBILE and sent["segments"] == 1 and sent["status"] == "queued"
    message = delivered(app, sim, sent["id"])
    assert message.twilio_sid.startswith("SM") and message.send_attempts == 1
    assert sim.world.phone_inbox[-1]["body"] == sent["body"]
    with app.app_context():
        activity = db.session.execute(db.select(Activity).where(Activity.message_id == sent["id"])).scalar_one()
        assert activity.type == "sms" and "Hi Maria" in activity.notes and activity.created_by_id
    items = api.get(f"/api/v1/accounts/{account}/messages").json["items"]
    assert [(m["direction"], m["status"], m["to"]) for m in items] == [("outbound", "delivered", MOBILE)]
    assert items[0]["twilio_sid"] == message.twilio_sid and items[0]["sent_by"] is not None


def test_custom_text_to_another_phone_of_the_account(app, api, account, sim):
    body = "Call me back about the Malibu 🚗"
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": body, "to": "(214) 555-0102"})
    assert answer.status_code == 202
    assert answer.json["to"] == HOME and answer.json["segments"] == 1
    message = delivered(app, sim, answer.json["id"])
    assert message.encoding == "UCS-2" and message.body == body
    assert sim.world.phone_inbox[-1]["to"] == HOME


def test_preview_renders_and_counts(api, admin_api, account):
    template = admin_api.post("/api/v1/templates", json={
        "channel": "sms", "name": "Balance", "body": "Balance {{ balance }} on {{ vehicle }}"}).json
    answer = api.post(f"/api/v1/accounts/{account}/messages/preview", json={"template_id": template["id"]})
    assert answer.json == {"body": "Balance $5,400.00 on 2016 Chevrolet Malibu", "segments": 1,
                           "encoding": "GSM-7", "characters": 42, "template_language": "en",
                           "note": "English version"}
    long = api.post(f"/api/v1/accounts/{account}/messages/preview", json={"body": "é" * 161}).json
    assert (long["segments"], long["encoding"]) == (2, "GSM-7")


@pytest.mark.parametrize("payload, field", [
    ({}, "body"),
    ({"body": "   "}, "body"),
    ({"body": "hi", "template_id": 1}, "body"),
    ({"body": "x" * 1601}, "body"),
    ({"body": 12}, "body"),
    ({"body": "hi", "to": "+12145550199"}, "to"),
    ({"body": "hi", "to": "not a phone"}, "to"),
    ({"template_id": 999}, "template_id"),
    ({"body": "hi", "attachment_ids": list(range(1, 12))}, "attachment_ids"),
    ({"body": "hi", "attachment_ids": [424242]}, "attachment_ids"),
    ({"body": "hi", "attachment_ids": "1"}, "attachment_ids"),
    ({"body": "hi", "colour": "red"}, "colour"),
])
def test_invalid_sends_are_422_and_send_nothing(app, api, account, sim, payload, field):
    answer = api.post(f"/api/v1/accounts/{account}/messages", json=payload)
    assert answer.status_code == 422, answer.json
    assert field in answer.json["error"]["fields"]
    assert sim.world.messages == {}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_not_json_and_unknown_account(api, account):
    assert api.post(f"/api/v1/accounts/{account}/messages", data="body=hi").status_code == 422
    assert api.post("/api/v1/accounts/999999/messages", json={"body": "hi"}).status_code == 404


def test_needs_login(client, account):
    assert client.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"}).status_code == 401
    assert client.get(f"/api/v1/accounts/{account}/messages").status_code == 401


def test_opted_out_phone_is_refused_before_twilio(app, api, account, sim):
    with app.app_context():
        phone = db.session.execute(db.select(Phone).where(Phone.number == MOBILE)).scalar_one()
        phone.sms_opted_out_at, phone.sms_opt_out_how = datetime.now(UTC), "SMS keyword STOP"
        db.session.commit()
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    assert answer.status_code == 409 and answer.json["error"]["fields"]["rule"] == ["sms_opt_out"]
    assert sim.world.messages == {}
    assert api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi", "to": HOME}).status_code == 202


def test_outside_contact_hours_is_refused_with_the_next_allowed_time(app, api, account, sim):
    from desk import settings

    with app.app_context():
        settings.change(closed_contact_hours())
        db.session.commit()
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "contact_hours"
    assert sim.world.messages == {}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_contact_hours_at_a_given_time(app, account, users):
    """3am in Dallas is refused, with 8am Dallas time as the next allowed moment."""
    from desk import settings
    from desk.accounts.records import get_account
    from desk.compliance.gate import Refused
    from desk.sms.send import send_sms

    with app.app_context():
        settings.change({"contact_hours_start": 8, "contact_hours_end": 21})
        night = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 3am in Dallas
        with pytest.raises(Refused) as refused:
            send_sms(get_account(account), {"body": "hi"}, None, now=night)
        assert refused.value.rule == "contact_hours"
        assert refused.value.next_allowed == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
        db.session.rollback()
        noon = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
        assert send_sms(get_account(account), {"body": "hi"}, None, now=noon).status == "queued"
        db.session.rollback()


def test_21610_fails_the_message_and_records_the_opt_out(app, api, account, sim):
    sim.world.opted_out.add((MOBILE, sim.from_number))  # STOP reached Twilio, not the desk
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    assert answer.status_code == 202
    message = fresh(app, Message, answer.json["id"])
    assert (message.status, message.error_code, message.twilio_sid) == ("failed", 21610, None)
    assert "STOP" in message.error_message
    with app.app_context():
        phone = db.session.execute(db.select(Phone).where(Phone.number == MOBILE)).scalar_one()
        assert phone.sms_opt_out and "21610" in phone.sms_opt_out_how
        event = db.session.execute(db.select(ConsentEvent)).scalar_one()
        assert (event.channel, event.action, event.phone_number) == ("sms", "opt_out", MOBILE)
    again = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    assert again.status_code == 409 and again.json["error"]["code"] == "sms_opt_out"


@pytest.mark.parametrize("outcome, code", [("undelivered:30003", 30003), ("failed:30006", 30006)])
def test_delivery_errors_are_kept_and_explained(app, api, account, sim, outcome, code):
    from telephony.errors import explain

    sim.script(MOBILE, sms=outcome)
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    final = outcome.split(":")[0]
    assert wait_for(lambda: status_of(app, answer.json["id"]) == final)
    item = api.get(f"/api/v1/accounts/{account}/messages").json["items"][0]
    assert (item["status"], item["error_code"], item["error_message"]) == (final, code, explain(code))


@pytest.mark.parametrize("fault", ["rest_500", "rest_timeout"])
def test_twilio_unreachable_then_recovered(app, api, account, sim, fault):
    app.config["TWILIO_HTTP_TIMEOUT"] = 1
    sim.fault(fault, seconds=2)
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    assert answer.status_code == 202
    waiting = fresh(app, Message, answer.json["id"])
    assert (waiting.status, waiting.twilio_sid, waiting.send_attempts) == ("queued", None, 1)
    assert "Retrying" in waiting.error_message
    retried = api.post(f"/api/v1/messages/{waiting.id}/retry")
    assert retried.status_code == 202
    message = delivered(app, sim, waiting.id)
    assert message.send_attempts == 2 and message.error_message is None
    assert api.post(f"/api/v1/messages/{waiting.id}/retry").status_code == 409


@pytest.mark.parametrize("script, code", [("landline", 21614), ("invalid", 21211)])
def test_numbers_twilio_refuses(app, api, account, sim, script, code):
    sim.script(MOBILE, sms=script)
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    message = fresh(app, Message, answer.json["id"])
    assert (message.status, message.error_code, message.twilio_sid) == ("failed", code, None)
    assert message.error_message and sim.world.messages == {}


def test_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/accounts/{account_id}/messages", "/conversations", "/conversations/{conversation_id}/link",
                 "/accounts/{account_id}/attachments", "/messages/{message_id}/retry"):
        assert path in paths


def test_never_sent_twice(app, api, account, sim):
    from jobs.messages import send_message_job

    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "once"})
    delivered(app, sim, answer.json["id"])
    with app.app_context():
        send_message_job(answer.json["id"])
    assert len(sim.world.messages) == 1


def upload(api, account, content, name):
    from io import BytesIO

    return api.post(f"/api/v1/accounts/{account}/attachments",
                    data={"file": (BytesIO(content), name)}, content_type="multipart/form-data")


def test_mms_out_with_signed_expiring_media_urls(app, api, client, account, sim):
    picture = upload(api, account, PNG, "receipt.png").json
    letter = upload(api, account, PDF, "letter.pdf").json
    answer = api.post(f"/api/v1/accounts/{account}/messages",
                      json={"body": "Your documents", "attachment_ids": [picture["id"], letter["id"]]})
    assert answer.status_code == 202
    message = delivered(app, sim, answer.json["id"])
    assert message.twilio_sid.startswith("MM")
    urls = sim.world.phone_inbox[-1]["media"]
    assert len(urls) == 2 and all("/media/" in u for u in urls)
    path = urls[0].split(app.config["PUBLIC_BASE_URL"], 1)[1]
    served = client.get(path)  # no login: Twilio fetches it
    assert served.status_code == 200 and served.data == PNG and served.mimetype == "image/png"
    head, signature = path.rsplit(".", 1)
    tampered = ("B" if signature[0] == "A" else "A") + signature[1:]  # the last characters carry padding bits
    assert client.get(f"{head}.{tampered}").status_code == 404
    assert client.get("/media/1").status_code == 404
    app.config["MEDIA_URL_MAX_AGE"] = -1
    assert client.get(path).status_code == 404
    items = api.get(f"/api/v1/accounts/{account}/messages").json["items"]
    assert [m["content_type"] for m in items[0]["media"]] == ["image/png", "application/pdf"]


def test_mms_limits(api, account, sim):
    big = upload(api, account, PNG + b"\x00" * (3 * 1024 * 1024), "a.png").json
    bigger = upload(api, account, PNG + b"\x00" * (3 * 1024 * 1024), "b.png").json
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"attachment_ids": [big["id"], bigger["id"]]})
    assert answer.status_code == 422 and "attachment_ids" in answer.json["error"]["fields"]
    assert upload(api, account, b"MZ\x90\x00", "tool.exe").status_code == 422
    assert upload(api, account, b"\x00" * (5 * 1024 * 1024 + 1), "x.png").status_code == 422
    only_media = api.post(f"/api/v1/accounts/{account}/messages", json={"attachment_ids": [big["id"]]})
    assert only_media.status_code == 202 and only_media.json["segments"] == 0


@pytest.fixture
def threaded_jobs(app_config):
    app_config.update(JOBS_INLINE="thread", SMS_INLINE_RETRY_SECONDS=[0.1, 0.1, 0.1])


def test_in_process_jobs_retry_by_themselves(threaded_jobs, app, api, account, sim):
    """Without Redis and without a person pressing Retry, the desk tries again on a timer
    (jobs on threads run outside any request: the MMS URLs are built all the same)."""
    picture = upload(api, account, PNG, "receipt.png").json
    sim.fault("rest_500", times=2)
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi", "attachment_ids": [picture["id"]]})
    assert answer.status_code == 202
    message = delivered(app, sim, answer.json["id"])
    assert message.send_attempts == 3 and len(sim.world.messages) == 1
    assert "/media/" in sim.world.phone_inbox[-1]["media"][0]
