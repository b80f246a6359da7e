"""Texts: an account's thread, sending, previews, retries, stop-request flags."""
from flask import jsonify
from flask_login import current_user

from api import bp
from api.util import finds, page
from desk.accounts.records import get_account
from desk.errors import Conflict, get_or_404
from desk.extensions import db
from desk.schemas.records import ListArgs, page_of
from desk.schemas.sms import MessageIn, MessageOut, MessageQueuedOut, PreviewIn, PreviewOut
from desk.sms.conversations import account_messages
from desk.sms.delivery import retry_unsent
from desk.sms.inbound import confirm_stop_request, dismiss_stop_request
from desk.sms.send import preview, send_sms
from models import Message


def _message(message_id: int) -> Message:
    return get_or_404(Message, message_id)


@bp.get("/accounts/<int:account_id>/messages")
@bp.arguments(ListArgs, location="query")
@bp.response(200, page_of(MessageOut))
def list_messages(query, account_id: int):
    """An account's SMS thread, oldest first"""
    return page(*account_messages(get_account(account_id), query["limit"], query["cursor"]))


@bp.post("/accounts/<int:account_id>/messages")
@finds(account=get_account)
@bp.arguments(MessageIn)
@bp.response(202, MessageQueuedOut)
@bp.refuses(409)
def post_message(data, account):
    """Text the customer (queued; 409 names a compliance rule)"""
    message = send_sms(account, data, current_user)
    answer = jsonify(MessageQueuedOut().dump(message))  # as queued: the send job may run on commit
    db.session.commit()
    return answer, 202


@bp.post("/accounts/<int:account_id>/messages/preview")
@finds(account=get_account)
@bp.arguments(PreviewIn)
@bp.response(200, PreviewOut)
def preview_message(data, account):
    """Render a template or count a text's segments"""
    return preview(account, data, current_user)


@bp.post("/messages/<int:message_id>/retry")
@finds(message=_message)
@bp.response(202, MessageOut)
@bp.refuses(409)
def retry_message(message):
    """Send again a text Twilio could not be reached for"""
    if not retry_unsent(message):
        raise Conflict("Only a text still waiting for Twilio can be retried.", {"status": [message.status]})
    db.session.commit()
    return _message(message.id)


@bp.post("/messages/<int:message_id>/confirm-stop")
@finds(message=_message)
@bp.response(200, MessageOut)
@bp.refuses(422)
def confirm_stop(message):
    """Record a flagged text as an SMS opt-out"""
    confirm_stop_request(message, current_user)
    db.session.commit()
    return message


@bp.post("/messages/<int:message_id>/dismiss-stop")
@finds(message=_message)
@bp.response(200, MessageOut)
def dismiss_stop(message):
    """Clear a stop-request flag"""
    dismiss_stop_request(message, current_user)
    db.session.commit()
    return message
