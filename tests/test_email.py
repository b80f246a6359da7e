"""Email: the verb, the API, the SMTP job, attachments, and the opt-out link."""
import io
from email.message import EmailMessage

import pytest

from desk.extensions import db
from models import ConsentEvent, Email, EmailAddress, MessageTemplate
from tests import smtp_server

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


@pytest.fixture
def inbox(app):
    """A real SMTP server on a loopback port with login desk/s3cret; SMTP_URL points at it."""
    box = smtp_server.Inbox()
    controller = smtp_server.start(box, authenticator=smtp_server.authenticator("desk", "s3cret"),
                                   auth_require_tls=False)
    app.config["SMTP_URL"] = f"smtp://desk:s3cret@127.0.0.1:{controller.port}"
    yield box
    controller.stop()


def upload(api, account, data, name, content_type="application/octet-stream"):
    return api.post(f"/api/v1/accounts/{account}/attachments",
                    data={"file": (io.BytesIO(data), name, content_type)},
                    content_type="multipart/form-data")


def add_template(app, **fields) -> int:
    with app.app_context():
        template = MessageTemplate(channel=fields.pop("channel", "email"), name=fields.pop("name", "Past due"),
                                   **fields)
        db.session.add(template)
        db.session.commit()
        return template.id


def parts(message: EmailMessage) -> dict:
    """The text, html and attachments (filename -> (type, bytes)) of a received message."""
    found = {"text": None, "html": None, "files": {}}
    for part in message.walk():
        if part.get_content_disposition() == "attachment":
            found["files"][part.get_filename()] = (part.get_content_type(), part.get_content())
        elif part.get_content_type() == "text/plain":
            found["text"] = part.get_content()
        elif part.get_content_type() == "text/html":
            found["html"] = part.get_content()
    return found


def test_custom_email_with_attachments_arrives_intact(app, api, account, inbox):
    pdf = upload(api, account, PDF, "statement.pdf", "application/pdf")
    png = upload(api, account, PNG, "../../photo.png")
    assert pdf.status_code == 201 and png.status_code == 201, (pdf.json, png.json)
    assert pdf.json["content_type"] == "application/pdf" and pdf.json["size"] == len(PDF)
    assert png.json["filename"] == "photo.png"

    answer = api.post(f"/api/v1/accounts/{account}/emails", json={
        "subject": "Your account {{ account_number }}", "body": "Hi {{ first_name }},\n\nYou owe {{ amount_due }}.",
        "attachment_ids": [pdf.json["id"], png.json["id"]]})
    assert answer.status_code == 202, answer.json
    assert answer.json["status"] == "queued"

    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    message = received["message"]
    assert received["to"] == ["maria@example.com"]
    assert message["Subject"] == "Your account A-1001"
    got = parts(message)
    assert "Hi Maria," in got["text"] and "You owe $250.00." in got["text"]
    assert "<p>Hi Maria,</p>" in got["html"]
    assert got["files"] == {"statement.pdf": ("application/pdf", PDF), "photo.png": ("image/png", PNG)}
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/optout/email/" in message["List-Unsubscribe"]

    listed = api.get(f"/api/v1/accounts/{account}/emails").json
    [row] = listed["items"]
    assert row["status"] == "sent" and row["error"] is None and listed["next"] is None
    assert row["message_id"] == message["Message-ID"]
    assert [a["filename"] for a in row["attachments"]] == ["statement.pdf", "photo.png"]
    timeline = api.get(f"/api/v1/accounts/{account}/activities?type=email").json["items"]
    assert timeline[0]["email_id"] == row["id"]


def test_template_email_renders_html_and_text(app, api, account, inbox):
    template_id = add_template(app, subject="Payment due {{ due_on }}", body="Hello {{ first_name }}",
                               html_body="<p>Hello <b>{{ first_name }}</b> {{ vehicle }}</p>")
    answer = api.post(f"/api/v1/accounts/{account}/emails", json={"template_id": template_id,
                                                                  "to": "MARIA@example.com"})
    assert answer.status_code == 202, answer.json
    got = parts(inbox.messages[0]["message"])
    assert inbox.messages[0]["message"]["Subject"] == "Payment due Nov 01, 2026"
    assert got["text"].startswith("Hello Maria")
    assert "<p>Hello <b>Maria</b> 2016 Chevrolet Malibu</p>" in got["html"]
    assert "Stop receiving these emails" in got["html"]


def test_without_smtp_url_the_email_is_written_to_the_outbox(app, api, account, app_config):
    from pathlib import Path

    assert api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "Text"}).status_code == 202
    files = list(Path(app_config["OUTBOX_DIR"]).glob("*.eml"))
    assert len(files) == 1 and b"Subject: Hi" in files[0].read_bytes()


def test_permanent_refusal_marks_the_email_failed(app, api, account, inbox):
    inbox.refuse_with = "550 5.1.1 Mailbox unavailable"
    assert api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"}).status_code == 202
    [row] = api.get(f"/api/v1/accounts/{account}/emails").json["items"]
    assert row["status"] == "failed" and "550" in row["error"] and "Mailbox unavailable" in row["error"]
    assert inbox.messages == []


def test_the_job_does_not_send_twice(app, api, account, inbox):
    from jobs.email import send_email_job

    api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"})
    with app.app_context():
        email_id = db.session.execute(db.select(Email.id)).scalar_one()
        assert send_email_job(email_id) == "skipped"
    assert len(inbox.messages) == 1


def test_an_interrupted_send_is_flagged_not_repeated(app, api, account, app_config):
    from datetime import timedelta

    from desk import outbox
    from jobs.email import send_email_job
    from models import OutboxJob, utcnow

    smtp_down = smtp_server.free_port()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{smtp_down}"
    handed_on = []
    outbox.init_app(app, lambda _app, ids: handed_on.extend(ids))  # no worker: nothing runs the job
    with app.app_context():
        api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"})
        job = db.session.execute(db.select(OutboxJob)).scalar_one()
        assert handed_on == [job.id] and job.status == "pending"  # queued, not run
        email = db.session.execute(db.select(Email)).scalar_one()
        assert email.status == "queued" and email.sending_started_at is None
        email.sending_started_at = utcnow() - timedelta(hours=1)  # a run died mid-send
        db.session.commit()
        assert send_email_job(email.id) == "interrupted"
        db.session.refresh(email)
        assert email.status == "failed" and email.message_id in email.error


def test_opt_out_link(app, client, api, account, inbox):
    api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"})
    link = inbox.messages[0]["message"]["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and b"maria@example.com" in page.data and b"Unsubscribe" in page.data
    with app.app_context():
        assert db.session.execute(db.select(EmailAddress)).scalar_one().opted_out_at is None

    done = client.post("/" + path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"unsubscribed" in done.data
    client.post("/" + path)  # a second click records nothing new
    with app.app_context():
        address = db.session.execute(db.select(EmailAddress)).scalar_one()
        assert address.opted_out_at is not None and address.opt_out_how == "email link"
        [event] = db.session.execute(db.select(ConsentEvent)).scalars().all()
        assert (event.channel, event.action, event.email_address) == ("email", "opt_out", "maria@example.com")

    refused = api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "email_opt_out"
    assert len(inbox.messages) == 1


def test_a_forged_opt_out_link_is_not_found(client, account):
    assert client.get("/optout/email/not-a-token").status_code == 404
    assert client.post("/optout/email/not-a-token").status_code == 404


def test_email_pages_need_login(client, account):
    assert client.get(f"/api/v1/accounts/{account}/emails").status_code == 401
    assert client.post(f"/api/v1/accounts/{account}/emails", json={"subject": "a", "body": "b"}).status_code == 401
    assert client.get(f"/api/v1/accounts/{account}/attachments").status_code == 401


@pytest.mark.parametrize("payload, field", [
    ({}, "subject"),
    ({"subject": "Hi"}, "body"),
    ({"body": "x"}, "subject"),
    ({"subject": "Hi", "body": "x", "cc": "a@b.c"}, "cc"),
    ({"subject": "Hi", "body": "x", "to": "not-an-address"}, "to"),
    ({"subject": "Hi", "body": "x", "to": "stranger@example.com"}, "to"),
    ({"subject": "Hi", "body": "{{ secret }}"}, "body"),
    ({"subject": "Hi {{", "body": "x"}, "subject"),
    ({"subject": "Hi", "body": "x", "template_id": 999}, "template_id"),
    ({"template_id": 999}, "template_id"),
    ({"template_id": "abc"}, "template_id"),
    ({"subject": "Hi", "body": "x", "attachment_ids": [999]}, "attachment_ids"),
    ({"subject": "Hi", "body": "x", "attachment_ids": "1"}, "attachment_ids"),
    ({"subject": "x" * 201, "body": "x"}, "subject"),
    ({"subject": "   ", "body": "x"}, "subject"),
])
def test_bad_emails_are_refused_with_fields(app, api, account, payload, field):
    answer = api.post(f"/api/v1/accounts/{account}/emails", json=payload)
    assert answer.status_code == 422, answer.json
    assert field in answer.json["error"]["fields"]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Email.id))).scalar() == 0


def test_an_sms_template_is_not_an_email_template(app, api, account):
    template_id = add_template(app, channel="sms", name="Text", body="Hi")
    answer = api.post(f"/api/v1/accounts/{account}/emails", json={"template_id": template_id})
    assert answer.status_code == 422 and "template_id" in answer.json["error"]["fields"]


def test_not_a_json_object(api, account):
    answer = api.post(f"/api/v1/accounts/{account}/emails", data="[]", content_type="application/json")
    assert answer.status_code == 422


def test_unknown_account_is_404(api, users):
    assert api.post("/api/v1/accounts/999/emails", json={"subject": "a", "body": "b"}).status_code == 404


def test_emails_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/accounts/{account_id}/emails"])
    assert {"get", "post"} <= set(paths["/accounts/{account_id}/attachments"])


def test_console_send_email_window(app, client, auth, account, inbox):
    auth.login()
    page = client.get(f"/accounts/{account}")
    assert b'<dialog id="send-email"' in page.data and b"Send Email" in page.data
    answer = client.post(f"/accounts/{account}/emails", data={
        "mode": "custom", "to": "maria@example.com", "subject": "Hello", "body": "Please call us.",
        "file": (io.BytesIO(PDF), "letter.pdf")}, content_type="multipart/form-data")
    assert answer.status_code == 302
    got = parts(inbox.messages[0]["message"])
    assert got["files"] == {"letter.pdf": ("application/pdf", PDF)}
    timeline = client.get(f"/accounts/{account}?type=email")
    assert b"Email to maria@example.com: Hello" in timeline.data


def test_console_refusal_is_flashed_and_nothing_kept(app, client, auth, account, app_config):
    from pathlib import Path

    from models import Attachment

    auth.login()
    answer = client.post(f"/accounts/{account}/emails", data={
        "mode": "custom", "subject": "", "body": "x", "file": (io.BytesIO(PDF), "letter.pdf")},
        content_type="multipart/form-data", follow_redirects=True)
    assert answer.status_code == 422 and b"subject" in answer.data
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Attachment.id))).scalar() == 0
    assert not [p for p in Path(app_config["UPLOAD_DIR"]).rglob("*") if p.is_file()]
