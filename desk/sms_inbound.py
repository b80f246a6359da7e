"""Texts customers send us: stored, threaded, their keywords applied to the opt-out ledger."""
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

import jobs
from desk import live
from desk.activities import log_system, log_system_now
from desk.conversations import count_unread, known_conversation, thread_inbound, timeline_line
from desk.errors import Invalid
from desk.extensions import db
from desk.phones import maybe_e164
from desk.segments import segments
from desk.sms_consent import asks_to_stop, keyword, record_sms_consent
from models import Message, MessageMedia, utcnow

MAX_INBOUND_MEDIA = 10
KEYWORD_HOW = {"opt_out": "SMS keyword", "opt_in": "SMS keyword", "help": "SMS keyword"}
MESSAGES = Message.__table__
_STORED = select(MESSAGES.c.id).where(MESSAGES.c.twilio_sid == bindparam("sid"))
_INSERT_NEW_TEXT = {
    name: new(MESSAGES).on_conflict_do_nothing(index_elements=["twilio_sid"]).returning(MESSAGES.c.id)
    for name, new in (("postgresql", postgresql_insert), ("sqlite", sqlite_insert))}


def receive_sms(form) -> None:
    """Store one inbound text (idempotent by MessageSid) in the right conversation.

    The usual text, a reply from a number that one account has and already texts with, takes
    one query to place and one INSERT, which the unique sid turns into nothing for a repeat."""
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    sender = (form.get("From") or "").strip()
    if not sid or not sender:
        raise Invalid("MessageSid and From are required.", {"MessageSid": ["Required."]})
    number = maybe_e164(sender) or sender[:20]
    body = form.get("Body") or ""
    known = known_conversation(number)
    if known is None:
        if _stored(sid[:34]):
            return
        conversation = thread_inbound(number)
        known = (conversation.account_id, conversation.id)
    account_id, conversation_id = known
    created_at = utcnow()
    count, encoding = segments(body)
    message_id = _insert_text({
        "conversation_id": conversation_id, "account_id": account_id, "direction": "inbound",
        "from_number": number, "to_number": (form.get("To") or "")[:20], "body": body,
        "status": "received", "twilio_sid": sid[:34], "encoding": encoding,
        "segments": _int(form.get("NumSegments"), count), "stop_request_flagged": asks_to_stop(body),
        "created_at": created_at})
    if message_id is None:
        return  # Twilio sent this text again
    count_unread(conversation_id, created_at)
    _apply_words(number, body)
    live.account_changed(account_id)
    media = _store_media(form, message_id)
    if account_id:
        log_system_now(account_id, "sms", timeline_line("inbound", number, body, len(media)),
                       message_id=message_id)
    for item in media:
        jobs.enqueue("jobs.media.fetch_media_job", item.id, queue="media")


def _stored(sid: str) -> bool:
    return db.session.execute(_STORED, {"sid": sid}).first() is not None


def _insert_text(values: dict) -> int | None:
    """INSERT the text; its id, or None when its sid is already stored (the duplicate check is
    the unique index on twilio_sid: ON CONFLICT DO NOTHING on PostgreSQL and SQLite)."""
    statement = _INSERT_NEW_TEXT.get(db.engine.dialect.name)
    if statement is None:  # another database: look first
        if _stored(values["twilio_sid"]):
            return None
        statement = insert(MESSAGES).returning(MESSAGES.c.id)
    return db.session.execute(statement, values).scalar()


def _store_media(form, message_id: int) -> list[MessageMedia]:
    """The text's media items, stored (their ids known) for the fetch job."""
    items = _media_items(form)
    if items:
        for item in items:
            item.message_id = message_id
        db.session.add_all(items)
        db.session.flush()
    return items


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


def _apply_words(number: str, body: str) -> None:
    """STOP/START/HELP change or note consent; free text asking to stop (the text is flagged for
    a person, see asks_to_stop) is noted in the ledger too."""
    kind = keyword(body)
    if kind:
        word = body.strip().upper()
        record_sms_consent(number, kind, f"SMS keyword {word}", words=body)
    elif asks_to_stop(body):
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
