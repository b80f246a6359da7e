"""Texts: an account's thread, sending, previews, retries, stop-request flags."""
from flask_login import current_user

from api import bp
from api.openapi import EXTRA_OPERATIONS
from api.util import args, body, listing
from desk.accounts.records import get_account
from desk.errors import Conflict, get_or_404
from desk.extensions import db
from desk.schemas.records import ListArgs
from desk.schemas.sms import MessageIn, MessageOut, MessageQueuedOut, PreviewIn, PreviewOut
from desk.sms.conversations import account_messages
from desk.sms.delivery import retry_unsent
from desk.sms.inbound import confirm_stop_request, dismiss_stop_request
from desk.sms.send import preview, send_sms
from models import Message

EXTRA_OPERATIONS.extend([
    ("/accounts/{account_id}/messages", "get", "An account's SMS thread, oldest first", None, MessageOut,
     200, True),
    ("/accounts/{account_id}/messages", "post", "Text the customer (queued; 409 names a compliance rule)",
     MessageIn, MessageQueuedOut, 202, False),
    ("/accounts/{account_id}/messages/preview", "post", "Render a template or count a text's segments",
     PreviewIn, PreviewOut, 200, False),
    ("/messages/{message_id}/retry", "post", "Send again a text Twilio could not be reached for", None,
     MessageOut, 202, False),
    ("/messages/{message_id}/confirm-stop", "post", "Record a flagged text as an SMS opt-out", None,
     MessageOut, 200, False),
    ("/messages/{message_id}/dismiss-stop", "post", "Clear a stop-request flag", None, MessageOut, 200, False),
])


def _message(message_id: int) -> Message:
    return get_or_404(Message, message_id)


@bp.get("/accounts/<int:account_id>/messages")
def list_messages(account_id: int):
    query = args(ListArgs())
    rows, next_cursor = account_messages(get_account(account_id), query["limit"], query["cursor"])
    return listing(MessageOut(), rows, next_cursor)


@bp.post("/accounts/<int:account_id>/messages")
def post_message(account_id: int):
    message = send_sms(get_account(account_id), body(MessageIn()), current_user)
    answer = MessageQueuedOut().dump(message)  # as queued: the send job may run on commit
    db.session.commit()
    return answer, 202


@bp.post("/accounts/<int:account_id>/messages/preview")
def preview_message(account_id: int):
    return PreviewOut().dump(preview(get_account(account_id), body(PreviewIn()), current_user))


@bp.post("/messages/<int:message_id>/retry")
def retry_message(message_id: int):
    message = _message(message_id)
    if not retry_unsent(message):
        raise Conflict("Only a text still waiting for Twilio can be retried.", {"status": [message.status]})
    db.session.commit()
    return MessageOut().dump(_message(message_id)), 202


@bp.post("/messages/<int:message_id>/confirm-stop")
def confirm_stop(message_id: int):
    message = _message(message_id)
    confirm_stop_request(message, current_user)
    db.session.commit()
    return MessageOut().dump(message)


@bp.post("/messages/<int:message_id>/dismiss-stop")
def dismiss_stop(message_id: int):
    message = _message(message_id)
    dismiss_stop_request(message, current_user)
    db.session.commit()
    return MessageOut().dump(message)
