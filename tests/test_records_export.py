"""An account's whole communication record as one ZIP: built from texts sent and received through
the Twilio simulator, an email through a real SMTP server, a bridged call, an edited and cancelled
promise, a reversed payment and an opt-out; read back file by file."""
import email
import email.policy
import hashlib
import io
import json
import zipfile
from datetime import date, timedelta

import pytest

from desk.extensions import db
from models import AuditEntry, Message
from tests.helpers import COLLECTOR_PHONE, MOBILE, PNG, fresh, settle, wait_for


def export(client, account_id):
    return client.get(f"/api/v1/accounts/{account_id}/export")


def unzip(answer) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    return archive, json.loads(archive.read("manifest.json"))


def part(archive, name):
    return json.loads(archive.read(f"{name}.json"))


@pytest.fixture
def worked_account(app, api, admin_api, account, sim, inbox):
    """The account after a month's work: every kind of record in it."""
    from desk import settings

    with app.app_context():
        settings.change({"record_calls": True})
        db.session.commit()
    sim.script(COLLECTOR_PHONE, call="answer", talk_seconds=300, ring_seconds=2)
    sim.script(MOBILE, call="answer", talk_seconds=30, ring_seconds=3)
    sent = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "Payment reminder from the lot"})
    assert sent.status_code == 202, sent.json
    assert wait_for(lambda: fresh(app, Message, sent.json["id"]).status == "delivered")
    sim.customer_sms(MOBILE, "I will pay Friday", media=[("photo.png", PNG, "image/png")])
    mailed = api.post(f"/api/v1/accounts/{account}/emails",
                      json={"subject": "Your account {{ account_number }}",
                            "body": "Hi {{ first_name }},\n\nPlease call us."})
    assert mailed.status_code == 202, mailed.json
    called = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone"})
    assert called.status_code == 201, called.json
    settle(sim)
    promise = api.post(f"/api/v1/accounts/{account}/promises",
                       json={"amount": "100.00", "due_on": (date.today() + timedelta(days=5)).isoformat()}).json
    assert api.patch(f"/api/v1/promises/{promise['id']}", json={"amount": "120.00"}).status_code == 200
    cancelled = api.patch(f"/api/v1/promises/{promise['id']}",
                          json={"status": "cancelled", "cancel_reason": "Customer changed plans"})
    assert cancelled.status_code == 200, cancelled.json
    payment = api.post(f"/api/v1/accounts/{account}/payments", json={"amount": "50.00", "reference": "CHK-77"}).json
    assert admin_api.post(f"/api/v1/payments/{payment['id']}/reversal", json={"reason": "NSF"}).status_code == 201
    sim.customer_sms(MOBILE, "STOP")
    settle(sim)
    return {"account": account, "message": sent.json, "email": mailed.json, "call": called.json,
            "promise": promise, "payment": payment}


def test_the_zip_holds_the_whole_record(app, admin_api, inbox, worked_account):
    account = worked_account["account"]
    answer = export(admin_api, account)
    assert answer.status_code == 200, answer.data[:300]
    assert answer.mimetype == "application/zip"
    today = date.today().isoformat()
    assert answer.headers["Content-Disposition"] == f"attachment; filename=account-A-1001-{today}.zip"
    archive, manifest = unzip(answer)

    listed = {f["path"]: f for f in manifest["files"]}
    assert set(archive.namelist()) == set(listed) | {"manifest.json"}
    for path, entry in listed.items():
        data = archive.read(path)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"], path
    assert manifest["account"] == {"id": account, "number": "A-1001", "name": "Maria Garcia"}
    assert manifest["exported_by"]["name"] == "Ada Admin" and manifest["exported_at"].startswith(today)
    assert manifest["missing_files"] == []

    texts = part(archive, "texts")
    outbound = next(t for t in texts if t["id"] == worked_account["message"]["id"])
    assert outbound["direction"] == "outbound" and outbound["status"] == "delivered" and outbound["twilio_sid"]
    assert [s["status"] for s in outbound["status_history"]][-1] == "delivered"
    assert {"sent", "delivered"} <= {s["status"] for s in outbound["status_history"]}
    assert outbound["sent_by"] == "Cole Collector"
    inbound = [t["body"] for t in texts if t["direction"] == "inbound"]
    assert inbound == ["I will pay Friday", "STOP"]
    [media] = next(t for t in texts if t["body"] == "I will pay Friday")["media"]
    assert media["content_type"] == "image/png" and archive.read(media["file"]) == PNG

    [sent_mail] = inbox.messages
    [emailed] = part(archive, "emails")
    assert emailed["status"] == "sent" and emailed["to"] == "maria@example.com"
    eml = email.message_from_bytes(archive.read(emailed["file"]), policy=email.policy.default)
    assert eml["Subject"] == "Your account A-1001" == sent_mail["message"]["Subject"]
    assert eml["To"] == "maria@example.com" and sent_mail["to"] == ["maria@example.com"]
    assert eml["Message-ID"] == sent_mail["message"]["Message-ID"] and eml["X-Desk-Status"] == "sent"
    body = eml.get_body(("plain",)).get_content()
    assert "Hi Maria," in body and body == sent_mail["message"].get_body(("plain",)).get_content()

    [call] = part(archive, "calls")
    assert call["id"] == worked_account["call"]["id"] and call["status"] == "completed"
    assert call["customer_status"] == "completed" and 0 < call["talk_seconds"] <= 30
    assert call["recording"]["sid"].startswith("RE") and call["recording"]["url"].startswith("http")
    assert {leg["role"] for leg in call["legs"]} >= {"customer"} and len(call["legs"]) >= 2
    assert all(leg["sid"] and leg["events"] and leg["status"] == "completed" and leg["duration"]
               for leg in call["legs"])
    assert any(e.get("CallStatus") == "completed" for leg in call["legs"] for e in leg["events"])

    [promise] = part(archive, "promises")
    assert promise["status"] == "cancelled" and promise["cancel_reason"] == "Customer changed plans"
    assert promise["amount"] == "120.00"
    changes = [(h["field"], h["old"], h["new"]) for h in promise["history"]]
    assert ("amount", None, "100.00") in changes and ("amount", "100.00", "120.00") in changes
    assert ("status", "pending", "cancelled") in changes

    [payment] = part(archive, "payments")
    assert payment["amount"] == "50.00" and payment["reversed_by"] == "Ada Admin"
    assert payment["reversal_reason"] == "NSF" and payment["reversed_at"]

    consent = part(archive, "consent")
    assert [(e["channel"], e["action"], e["words"]) for e in consent] == [("sms", "opt_out", "STOP")]
    assert part(archive, "account")["phones"][0]["sms_opted_out_at"]

    audit = part(archive, "audit")
    assert {(a["entity"], a["field"]) for a in audit} >= {("promise", "status"), ("payment", "reversed"),
                                                          ("account", "record_export")}

    page = archive.read("timeline.html").decode()
    assert "<script" not in page.lower() and "<style" not in page.lower() and "src=" not in page
    for text in ("Payment reminder from the lot", "I will pay Friday", "Your account A-1001",
                 "Customer changed plans", "NSF", "opt_out", outbound["twilio_sid"], call["recording"]["sid"],
                 "exported by Ada Admin"):
        assert text in page, text


def test_the_export_is_itself_recorded(app, admin_api, account, users):
    assert export(admin_api, account).status_code == 200
    with app.app_context():
        [entry] = db.session.execute(db.select(AuditEntry).where(AuditEntry.field == "record_export")).scalars()
        assert entry.user_id == users["admin"] and entry.account_id == account
        assert entry.new.startswith("account-A-1001-")
    notes = [a["notes"] for a in admin_api.get(f"/api/v1/accounts/{account}/activities").json["items"]]
    assert any("Communication record exported by Ada Admin" in n for n in notes)
    archive, _ = unzip(export(admin_api, account))
    assert [a["field"] for a in part(archive, "audit")] == ["record_export", "record_export"]


def test_a_head_request_exports_nothing(app, admin_api, account):
    probe = admin_api.head(f"/api/v1/accounts/{account}/export")
    assert probe.status_code == 200 and probe.mimetype == "application/zip" and probe.data == b""
    with app.app_context():
        assert db.session.execute(db.select(AuditEntry).where(AuditEntry.field == "record_export")).first() is None


def test_only_admins_export(app, api, client, admin_api, account):
    refused = export(api, account)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    assert export(api, 999999).status_code == 403
    assert export(admin_api, 999999).status_code == 404
    assert export(app.test_client(), account).status_code == 401
    with app.app_context():
        assert db.session.execute(db.select(AuditEntry).where(AuditEntry.field == "record_export")).first() is None


def test_the_console_button_is_for_admins(app, client, auth, account):
    auth.login()
    page = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert "Export record" not in page
    auth.logout()
    auth.login("admin@test.local")
    page = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert f'action="/api/v1/accounts/{account}/export"' in page and ">Export record</button>" in page
    answer = client.get(f"/api/v1/accounts/{account}/export")
    assert answer.status_code == 200 and zipfile.ZipFile(io.BytesIO(answer.data)).testzip() is None


def test_the_export_is_documented(client):
    operation = client.get("/api/v1/openapi.json").json["paths"]["/accounts/{account_id}/export"]["get"]
    assert set(operation["responses"]) >= {"200", "401", "403", "404"}
    assert operation["responses"]["200"]["content"]["application/zip"]["schema"]["format"] == "binary"


def test_a_changed_name_or_phone_stays_in_the_record(app, api, admin_api, account):
    answer = api.patch(f"/api/v1/accounts/{account}", json={
        "first_name": "Mary", "phones": [{"number": "+12145550199", "label": "work"}]})
    assert answer.status_code == 200, answer.json
    archive, _ = unzip(export(admin_api, account))
    changes = {(a["field"], a["old"], a["new"], a["by"]) for a in part(archive, "audit")}
    assert ("first_name", "Maria", "Mary", "Cole Collector") in changes
    assert ("phones", "+12145550101 (mobile), +12145550102 (home)",
            "+12145550101 (mobile), +12145550102 (home), +12145550199 (work)", "Cole Collector") in changes
    notes = [a["notes"] for a in part(archive, "activities")]
    assert any(n.startswith("Cole Collector changed first name: Maria → Mary") for n in notes), notes
    assert "first_name: Maria → Mary" in archive.read("timeline.html").decode()


def test_a_file_gone_from_disk_is_listed_not_fatal(app, api, admin_api, account, inbox):
    from desk.accounts.files import path_for
    from models import Attachment

    uploaded = api.post(f"/api/v1/accounts/{account}/attachments",
                        data={"file": (io.BytesIO(PNG), "car.png", "image/png")}, content_type="multipart/form-data")
    assert uploaded.status_code == 201, uploaded.json
    mailed = api.post(f"/api/v1/accounts/{account}/emails",
                      json={"subject": "Photo", "body": "See attached.", "attachment_ids": [uploaded.json["id"]]})
    assert mailed.status_code == 202 and len(inbox.messages) == 1
    with app.app_context():
        path_for(db.session.get(Attachment, uploaded.json["id"])).unlink()
    answer = export(admin_api, account)
    assert answer.status_code == 200
    archive, manifest = unzip(answer)
    missing = {m["path"]: m for m in manifest["missing_files"]}
    [file] = [p for p in missing if p.startswith("files/")]
    assert file.endswith("-car.png") and missing[file]["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert any(p.startswith("emails/") for p in missing) and not any(p in archive.namelist() for p in missing)
    assert part(archive, "emails")[0]["subject"] == "Photo"
