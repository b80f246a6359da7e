"""Uploads: checked by their bytes, stored under a random key, listed on the account."""
import io
from pathlib import Path

import pytest

from desk.extensions import db
from models import Attachment

GIF = b"GIF89a" + bytes(40)
JPEG = b"\xff\xd8\xff\xe0" + bytes(40)


def upload(api, account, data, name, content_type="application/octet-stream"):
    return api.post(f"/api/v1/accounts/{account}/attachments",
                    data={"file": (io.BytesIO(data), name, content_type)}, content_type="multipart/form-data")


def test_upload_is_stored_under_a_random_key(app, api, account, app_config):
    answer = upload(api, account, GIF, "../../etc/passwd.gif", "image/gif")
    assert answer.status_code == 201, answer.json
    assert set(answer.json) >= {"id", "filename", "content_type", "size"}
    assert answer.json["filename"] == "passwd.gif" and answer.json["content_type"] == "image/gif"
    with app.app_context():
        row = db.session.get(Attachment, answer.json["id"])
        stored = Path(app_config["UPLOAD_DIR"]) / row.storage_key[:2] / row.storage_key
        assert stored.read_bytes() == GIF and "passwd" not in str(stored)
        assert len(row.sha256) == 64
    listed = api.get(f"/api/v1/accounts/{account}/attachments").json
    assert [item["id"] for item in listed["items"]] == [answer.json["id"]]


def test_a_name_without_an_extension_gets_one(api, account):
    assert upload(api, account, JPEG, "scan").json["filename"] == "scan.jpg"


@pytest.mark.parametrize("data, name, content_type", [
    (b"MZ\x90\x00 not a document", "invoice.pdf", "application/pdf"),  # a program posing as a PDF
    (b"<html><script>alert(1)</script>", "page.png", "image/png"),
    (b"plain text", "notes.txt", "text/plain"),
    (GIF, "photo.pdf", "application/pdf"),  # content and name disagree
    (b"", "empty.pdf", "application/pdf"),
    (b"%PDF-" + bytes(5 * 1024 * 1024), "big.pdf", "application/pdf"),
])
def test_bad_uploads_are_refused(app, api, account, app_config, data, name, content_type):
    answer = upload(api, account, data, name, content_type)
    assert answer.status_code == 422 and "file" in answer.json["error"]["fields"]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Attachment.id))).scalar() == 0
    assert not list(Path(app_config["UPLOAD_DIR"]).rglob("*")) or \
        not [p for p in Path(app_config["UPLOAD_DIR"]).rglob("*") if p.is_file()]


def test_missing_file_field(api, account):
    answer = api.post(f"/api/v1/accounts/{account}/attachments", data={}, content_type="multipart/form-data")
    assert answer.status_code == 422 and "file" in answer.json["error"]["fields"]


def test_emails_may_carry_at_most_10_mb(app, api, account):
    ids = [upload(api, account, b"%PDF-" + bytes(4 * 1024 * 1024), f"part{i}.pdf").json["id"] for i in range(3)]
    answer = api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "a", "body": "b",
                                                                  "attachment_ids": ids})
    assert answer.status_code == 422 and "attachment_ids" in answer.json["error"]["fields"]


def test_another_accounts_file_cannot_be_attached(app, api, account):
    from desk.accounts.records import create_account

    with app.app_context():
        other = create_account({"number": "B-2", "first_name": "Bo", "last_name": "Lee"}).id
        db.session.commit()
    file_id = upload(api, other, GIF, "x.gif").json["id"]
    answer = api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "a", "body": "b",
                                                                  "attachment_ids": [file_id]})
    assert answer.status_code == 422 and "attachment_ids" in answer.json["error"]["fields"]
