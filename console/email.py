"""The Send Email window on the account page; it calls the same verb as the API."""
from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from console import bp
from console.accounts import account_page
from console.forms import form_data
from desk.accounts.files import account_attachments, store_upload
from desk.accounts.records import get_account
from desk.email.send import send_email
from desk.errors import DeskError
from desk.extensions import db
from desk.schemas.email import CustomerEmailIn
from desk.templates.library import list_templates
from desk.templates.versions import one_per_template


def send_email_choices(account) -> dict:
    """What the Send Email window offers: the active email templates (one entry per template:
    the send picks its version in the customer's language) and the account's files."""
    templates = one_per_template(list_templates("email"))
    return {"templates": templates, "files": account_attachments(account)}


@bp.post("/accounts/<int:account_id>/emails")
@login_required
def send_email_form(account_id: int):
    account = get_account(account_id)
    fields = ("to", "template_id") if request.form.get("mode") == "template" else ("to", "subject", "body")
    data = form_data(*fields, lists=("attachment_ids",))
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data.setdefault("attachment_ids", []).append(str(store_upload(account, upload, current_user).id))
    try:
        email = send_email(account, CustomerEmailIn().load(data), current_user)
    except (DeskError, ValidationError) as exc:
        db.session.rollback()
        return _refused(account_id, data, exc), 422
    db.session.commit()
    version = f" ({email.note})" if email.note else ""
    flash(f"Email to {email.to_address} queued{version}.", "ok")
    return redirect(url_for("console.account", account_id=account.id))


def _refused(account_id: int, data: dict, exc: DeskError | ValidationError):
    """The account page again, the Send Email window open with what was typed and why it was refused."""
    fields = exc.fields if isinstance(exc, DeskError) else exc.messages
    lines = [f"{name}: {' '.join(map(str, why if isinstance(why, list) else [why]))}"
             for name, why in (fields or {}).items()] or [getattr(exc, "message", "Not sent.")]
    return account_page(account_id, email_form={"mode": request.form.get("mode", "custom"), "typed": data,
                                                "errors": lines})
