"""Files on an account (uploaded to attach to texts and emails)."""
from flask import request
from flask_login import current_user

from api import bp
from api.openapi import EXTRA_OPERATIONS
from api.sms_schemas import AttachmentOut
from desk.accounts import get_account
from desk.extensions import db
from desk.files import account_attachments, store_upload

EXTRA_OPERATIONS.extend([
    ("/accounts/{account_id}/attachments", "get", "Files on an account", None, AttachmentOut, 200, True),
    ("/accounts/{account_id}/attachments", "post", "Upload a file (multipart `file`: PDF, JPEG, PNG or GIF, "
     "at most 5 MB)", None, AttachmentOut, 201, False),
])


@bp.get("/accounts/<int:account_id>/attachments")
def list_attachments(account_id: int):
    rows = account_attachments(get_account(account_id))
    return {"items": AttachmentOut().dump(rows, many=True), "next": None}


@bp.post("/accounts/<int:account_id>/attachments")
def post_attachment(account_id: int):
    attachment = store_upload(get_account(account_id), request.files.get("file"), current_user)
    db.session.commit()
    return AttachmentOut().dump(attachment), 201
