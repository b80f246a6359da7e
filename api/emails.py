"""Emails to customers, and the files that can be attached to them."""
from flask_login import current_user

from api import bp
from api.util import finds, page
from desk.accounts.files import account_attachments, store_upload
from desk.accounts.records import get_account
from desk.email.send import list_emails, preview_email, send_email
from desk.extensions import db
from desk.schemas.email import (
    AttachmentOut,
    AttachmentUpload,
    CustomerEmailIn,
    CustomerEmailOut,
    EmailPreviewIn,
    EmailPreviewOut,
    EmailQueued,
)
from desk.schemas.records import ListArgs, page_of


@bp.post("/accounts/<int:account_id>/emails")
@finds(account=get_account)
@bp.arguments(CustomerEmailIn)
@bp.response(202, EmailQueued)
@bp.refuses(409)
def post_email(data, account):
    """Queue an email to the customer (a template, or a subject and body); 409 names a compliance rule"""
    email = send_email(account, data, current_user)
    answer = {"id": email.id, "status": email.status,  # as queued, before the job may run
              "template_language": email.template_language, "note": email.note}
    db.session.commit()
    return answer


@bp.post("/accounts/<int:account_id>/emails/preview")
@finds(account=get_account)
@bp.arguments(EmailPreviewIn)
@bp.response(200, EmailPreviewOut)
def post_email_preview(data, account):
    """What an email would say to this customer (merged subject and text); 422 names a merge
    field with no value on the account or a template the desk cannot read. Nothing is sent."""
    return preview_email(account, data, current_user)


@bp.get("/accounts/<int:account_id>/emails")
@finds(account=get_account)
@bp.arguments(ListArgs, location="query")
@bp.response(200, page_of(CustomerEmailOut))
def get_emails(query, account):
    """An account's emails"""
    return page(*list_emails(account, query["limit"], query["cursor"]))


@bp.post("/accounts/<int:account_id>/attachments")
@finds(account=get_account)
@bp.arguments(AttachmentUpload, location="files")
@bp.response(201, AttachmentOut)
@bp.refuses(413)
def post_attachment(files, account):
    """Upload a file (multipart `file`: PDF, JPEG, PNG, GIF; at most 5 MB)"""
    attachment = store_upload(account, files.get("file"), current_user)
    db.session.commit()
    return attachment


@bp.get("/accounts/<int:account_id>/attachments")
@bp.response(200, page_of(AttachmentOut))
def get_attachments(account_id: int):
    """Files on an account"""
    return page(account_attachments(get_account(account_id)), None)
