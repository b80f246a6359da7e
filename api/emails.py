"""Emails to customers, and the files that can be attached to them."""
from flask import request
from flask_login import current_user

from api import bp
from api.openapi import EXTRA_OPERATIONS
from api.util import args, body, listing
from desk.accounts.files import account_attachments, store_upload
from desk.accounts.records import get_account
from desk.email.send import list_emails, send_email
from desk.extensions import db
from desk.schemas.email import AttachmentOut, CustomerEmailIn, CustomerEmailOut, EmailQueued
from desk.schemas.records import ListArgs

EXTRA_OPERATIONS.extend([
    ("/accounts/{account_id}/emails", "get", "An account's emails", None, CustomerEmailOut, 200, True),
    ("/accounts/{account_id}/emails", "post", "Queue an email to the customer", CustomerEmailIn, EmailQueued,
     202, False),
    ("/accounts/{account_id}/attachments", "get", "Files on an account", None, AttachmentOut, 200, True),
    ("/accounts/{account_id}/attachments", "post", "Upload a file (multipart `file`: PDF, JPEG, PNG, "
     "GIF; at most 5 MB)", None, AttachmentOut, 201, False),
])


@bp.post("/accounts/<int:account_id>/emails")
def post_email(account_id: int):
    account = get_account(account_id)
    email = send_email(account, body(CustomerEmailIn()), current_user)
    answer = {"id": email.id, "status": email.status}  # as queued, before the job may run
    db.session.commit()
    return answer, 202


@bp.get("/accounts/<int:account_id>/emails")
def get_emails(account_id: int):
    account = get_account(account_id)
    query = args(ListArgs())
    rows, next_cursor = list_emails(account, query["limit"], query["cursor"])
    return listing(CustomerEmailOut(), rows, next_cursor)


@bp.post("/accounts/<int:account_id>/attachments")
def post_attachment(account_id: int):
    account = get_account(account_id)
    attachment = store_upload(account, request.files.get("file"), current_user)
    db.session.commit()
    return AttachmentOut().dump(attachment), 201


@bp.get("/accounts/<int:account_id>/attachments")
def get_attachments(account_id: int):
    account = get_account(account_id)
    return {"items": AttachmentOut().dump(account_attachments(account), many=True), "next": None}
