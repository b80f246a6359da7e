"""Texts customers send us: stored, threaded, their keywords applied to the opt-out ledger."""
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

import jobs
from desk import live
from desk.activities import log_system
from desk.conversations import describe, thread_inbound
from desk.errors import Invalid
from desk.extensions import db
from desk.phones import maybe_e164
from desk.segments import segments
from desk.sms_consent import asks_to_stop, keyword, record_sms_consent
from models import Conversation, Message, MessageMedia, utcnow

MAX_INBOUND_MEDIA = 10
KEYWORD_HOW = {"opt_out": "SMS keyword", "opt_in": "SMS keyword", "help": "SMS keyword"}


def receive_sms(form) -> Message:
    """Store one inbound text (idempotent by MessageSid) in the right conversation."""
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    sender = (form.get("From") or "").strip()
    if not sid or not sender:
        raise Invalid("MessageSid and From are required.", {"MessageSid": ["Required."]})
    existing = db.session.execute(select(Message).where(Message.twilio_sid == sid)).scalar_one_or_none()
    if existing is not None:
        return existing
    number = maybe_e164(sender) or sender[:20]
    body = form.get("Body") or ""
    conversation = thread_inbound(number)
    count, encoding = segments(body)
    message = Message(conversation_id=conversation.id, account_id=conversation.account_id,
                      direction="inbound", from_number=number, to_number=(form.get("To") or "")[:20],
                      body=body, status="received", twilio_sid=sid[:34], encoding=encoding,
                      segments=_int(form.get("NumSegments"), count), created_at=utcnow())
    message.media = _media_items(form)
    db.session.add(message)
    db.session.flush()
    conversation.unread_count = Conversation.unread_count + 1  # in SQL: concurrent texts all count
    conversation.last_message_at = message.created_at
    _apply_words(message, number, body)
    live.account_changed(message.account_id)
    if message.account_id:
        log_system(message.account_id, "sms", describe(message), message_id=message.id)
    for item in message.media:
        jobs.enqueue("jobs.media.fetch_media_job", item.id, queue="media")
    return message


def _int(value, default: int) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


def _media_items(form) -> list[MessageMedia]:
    items = []
    for n in range(min(_int(form.get("NumMedia"), 0), MAX_INBOUND_MEDIA)):
        url = form.get(f"MediaUrl{n}") or ""
        if not url:
            continue
        trusted = is_twilio_url(url)
        items.append(MessageMedia(source_url=url[:500], content_type=(form.get(f"MediaContentType{n}")
                                  or "application/octet-stream")[:100],
                                  fetch_status="pending" if trusted else "failed",
                                  fetch_error=None if trusted else "Not a Twilio media URL; not fetched."))
    return items


def is_twilio_url(url: str) -> bool:
    """Twilio's credentials are only ever sent to Twilio's API host (or the configured base)."""
    parts = urlsplit(url)
    base = urlsplit(current_app.config.get("TWILIO_API_BASE_URL") or "https://api.twilio.com")
    return (parts.scheme, parts.netloc) == (base.scheme, base.netloc) or \
        (parts.scheme == "https" and parts.netloc == "api.twilio.com")


def _apply_words(message: Message, number: str, body: str) -> None:
    """STOP/START/HELP change or note consent; free text asking to stop is flagged for a person."""
    kind = keyword(body)
    if kind:
        word = body.strip().upper()
        record_sms_consent(number, kind, f"SMS keyword {word}", words=body)
    elif asks_to_stop(body):
        message.stop_request_flagged = True
        record_sms_consent(number, "flagged", "Customer's text may ask to stop; a collector confirms",
                           words=body)


def confirm_stop_request(message: Message, user) -> None:
    """A collector read the customer's text as a request to stop texting: record the opt-out."""
    if message.direction != "inbound":
        raise Invalid("Only a customer's text can be confirmed as a stop request.", {"message": ["Not inbound."]})
    record_sms_consent(message.from_number, "opt_out", f"Customer's text, confirmed by {user.name}"[:200],
                       words=message.body, user=user)
    message.stop_request_flagged = False


def dismiss_stop_request(message: Message, user) -> None:
    """The flagged text was not a request to stop; the flag goes, nothing else changes."""
    message.stop_request_flagged = False
    if message.account_id:
        log_system(message.account_id, "system", f"{user.name}: the text \"{message.body[:80]}\" is not a "
                   "request to stop texting.", created_by_id=user.id, message_id=message.id)


def retry_media(item: MessageMedia) -> bool:
    """Fetch a failed media item again (the job runs after commit). False when not retryable."""
    if item.fetch_status != "failed" or not item.source_url or not is_twilio_url(item.source_url):
        return False
    item.fetch_status = "pending"
    jobs.enqueue("jobs.media.fetch_media_job", item.id, queue="media")
    return True
