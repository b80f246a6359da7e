"""The SMS parts of the console: the account's thread (kept live), message actions, the
Unmatched inbox, and file downloads."""
import hashlib

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from console import bp
from desk.accounts.files import CONTENT_TYPES, path_for
from desk.accounts.records import get_account
from desk.errors import Conflict, Invalid, NotFound
from desk.extensions import db
from desk.sms import conversations
from desk.sms import delivery as sms_delivery
from desk.sms import inbound as sms_inbound
from desk.sms.media_links import attachment_for
from desk.templates.library import list_templates
from desk.templates.versions import one_per_template
from models import Attachment, Message, MessageMedia

THREAD_LENGTH = 200  # texts on the page; the API's GET .../messages pages through every one


def sms_thread(account) -> dict:
    """What the SMS Activities section shows: the latest texts (the API pages through them all)."""
    rows, older = conversations.latest_messages(account, THREAD_LENGTH)
    ambiguous = [c for c in conversations.account_conversations(account.id) if c.ambiguous]
    return {"messages": rows, "older": older, "ambiguous": ambiguous, "version": _version(rows, ambiguous)}


def _version(rows, ambiguous) -> str:
    """Changes exactly when what the thread shows changes (the page swaps it in only then)."""
    state = [(m.id, m.status, m.error_code, m.error_message, m.stop_request_flagged, m.send_attempts,
              [(i.id, i.fetch_status) for i in m.media]) for m in rows] + [c.id for c in ambiguous]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


def unread_sms(accounts) -> dict:
    return conversations.unread_by_account([a.id for a in accounts])


def unmatched_count() -> int:
    """For the top bar; a page (even the error page) still renders when the database cannot answer."""
    try:
        return conversations.unmatched_count()
    except SQLAlchemyError:
        db.session.rollback()
        return 0


def sms_templates():
    """One entry per template: the send picks its version in the customer's language."""
    return one_per_template(list_templates("sms"))


@bp.get("/accounts/<int:account_id>/sms/thread")
@login_required
def sms_thread_fragment(account_id: int):
    """The thread as an HTML fragment; the open page fetches it when its live stream names the
    account (see console/live_stream.py), or every second while the stream is down."""
    account = get_account(account_id)
    if conversations.mark_read(account.id):
        db.session.commit()
    return render_template("account/_sms_thread.html", account=account, thread=sms_thread(account))


def _message(account_id: int, message_id: int) -> Message:
    message = db.session.get(Message, message_id)
    if message is None or message.account_id != account_id:
        raise NotFound(f"No message {message_id} on this account.")
    return message


@bp.post("/accounts/<int:account_id>/sms/<int:message_id>/confirm-stop")
@login_required
def confirm_stop_form(account_id: int, message_id: int):
    sms_inbound.confirm_stop_request(_message(account_id, message_id), current_user)
    db.session.commit()
    flash("Opt-out recorded: no more texts to this number.", "ok")
    return redirect(url_for("console.account", account_id=account_id))


@bp.post("/accounts/<int:account_id>/sms/<int:message_id>/dismiss-stop")
@login_required
def dismiss_stop_form(account_id: int, message_id: int):
    sms_inbound.dismiss_stop_request(_message(account_id, message_id), current_user)
    db.session.commit()
    return redirect(url_for("console.account", account_id=account_id))


@bp.post("/accounts/<int:account_id>/sms/<int:message_id>/retry")
@login_required
def retry_form(account_id: int, message_id: int):
    if not sms_delivery.retry_unsent(_message(account_id, message_id)):
        raise Conflict("Only a text still waiting for Twilio can be retried.")
    db.session.commit()
    flash("Trying to send again.", "ok")
    return redirect(url_for("console.account", account_id=account_id))


@bp.post("/sms/media/<int:media_id>/retry")
@login_required
def retry_media_form(media_id: int):
    item = db.session.get(MessageMedia, media_id) or abort(404)
    if not sms_inbound.retry_media(item):
        raise Conflict("Only a failed download can be retried.")
    db.session.commit()
    return redirect(request.referrer or url_for("console.unmatched"))


@bp.get("/sms/media/<int:media_id>")
@login_required
def sms_media(media_id: int):
    """A message's file, for logged-in users."""
    item = db.session.get(MessageMedia, media_id)
    if item is None or item.attachment_id is None:
        abort(404)
    return _send(db.session.get(Attachment, item.attachment_id))


@bp.get("/media/<token>")
def public_media(token: str):
    """An outbound MMS file for Twilio: only with a valid, unexpired signed token."""
    attachment = attachment_for(token)
    if attachment is None:
        abort(404)
    return _send(attachment)


def _send(attachment: Attachment):
    inline = attachment.content_type in CONTENT_TYPES
    response = send_file(path_for(attachment), mimetype=attachment.content_type,
                         as_attachment=not inline, download_name=attachment.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@bp.get("/sms/unmatched")
@login_required
def unmatched():
    rows, next_cursor = conversations.list_conversations(True, 50, request.args.get("cursor"))
    threads = [(c, conversations.conversation_messages(c)) for c in rows]
    return render_template("sms_unmatched.html", threads=threads, next_cursor=next_cursor)


@bp.post("/sms/conversations/<int:conversation_id>/link")
@login_required
def link_form(conversation_id: int):
    conversation = conversations.get_conversation(conversation_id)
    raw = request.form.get("account_id", "").strip()
    account = _account_by_id_or_number(raw)
    target = conversations.link_conversation(conversation, account, current_user)
    db.session.commit()
    flash(f"Texts from {conversation.phone_number} linked to account {account.number}.", "ok")
    return redirect(url_for("console.account", account_id=target.account_id))


def _account_by_id_or_number(raw: str):
    """The account a collector typed: its number (as on the page) or its id."""
    from sqlalchemy import select

    from models import Account

    found = db.session.execute(select(Account).where(Account.number == raw)).scalar_one_or_none() if raw else None
    if found is None and raw.isdigit():
        found = db.session.get(Account, int(raw))
    if found is None:
        raise Invalid(f"No account {raw!r}.", {"account_id": ["No such account."]})
    return found
