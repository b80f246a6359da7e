"""Texts customers send us: stored, threaded, their keywords applied to the opt-out ledger."""
from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desk import live_updates as live
from desk.accounts.phones import maybe_e164
from desk.compliance.sms_consent import asks_to_stop, read_keyword, record_sms_consent
from desk.errors import Invalid
from desk.extensions import db
from desk.outbox import FETCH_MEDIA, enqueue
from desk.sms import media_fetch
from desk.sms.auto_texts import HELP, OPT_OUT_CONFIRMATION, customer_language
from desk.sms.conversations import count_unread, known_conversation, thread_inbound, timeline_line
from desk.sms.segments import segments
from desk.sms.send import send_auto_text
from desk.timeline import log_system, log_system_now
from models import Message, MessageMedia, utcnow

MAX_INBOUND_MEDIA = 10
MESSAGES = Message.__table__
_STORED = select(MESSAGES.c.id).where(MESSAGES.c.twilio_sid == bindparam("sid"))
_TEXT_COLUMNS = ("direction", "from_number", "to_number", "body", "status", "twilio_sid", "encoding", "segments",
                 "stop_request_flagged", "created_at")


def _new_texts(insert_for_dialect, into_known: bool):
    """INSERT of an inbound text that does nothing when its sid is already stored (Twilio repeats
    webhooks): the unique index on twilio_sid is the duplicate check (ON CONFLICT DO NOTHING, on
    PostgreSQL and SQLite). Into the conversation known_conversation() finds, or the one given."""
    statement = insert_for_dialect(MESSAGES)
    if into_known:
        values = [bindparam(name, type_=MESSAGES.c[name].type) for name in _TEXT_COLUMNS]
        placed = known_conversation().add_columns(*values)
        statement = statement.from_select(["conversation_id", "account_id", *_TEXT_COLUMNS], placed)
    return (statement.on_conflict_do_nothing(index_elements=["twilio_sid"])
            .returning(MESSAGES.c.id, MESSAGES.c.account_id, MESSAGES.c.conversation_id))


_INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}  # the databases the desk runs on
_INTO_KNOWN_CONVERSATION = {name: _new_texts(new, into_known=True) for name, new in _INSERTS.items()}
_INTO_CONVERSATION = {name: _new_texts(new, into_known=False) for name, new in _INSERTS.items()}


def receive_sms(form) -> None:
    """Store one inbound text (idempotent by MessageSid) in the right conversation.

    The usual text, a reply from a number that one account has and already texts with, is
    placed and stored by one INSERT ... SELECT; the unique sid makes a repeat insert nothing."""
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    sender = (form.get("From") or "").strip()
    if not sid or not sender:
        raise Invalid("MessageSid and From are required.", {"MessageSid": ["Required."]})
    sid = sid[:34]
    number = maybe_e164(sender) or sender[:20]
    body = form.get("Body") or ""
    count, encoding = segments(body)
    values = {"direction": "inbound", "from_number": number, "to_number": (form.get("To") or "")[:20],
              "body": body, "status": "received", "twilio_sid": sid, "encoding": encoding,
              "segments": _int(form.get("NumSegments"), count), "stop_request_flagged": asks_to_stop(body),
              "created_at": utcnow()}
    stored = _insert_text(_INTO_KNOWN_CONVERSATION, {**values, "number": number})
    if stored is None:
        if _stored(sid):
            return  # Twilio sent this text again
        conversation = thread_inbound(number)
        stored = _insert_text(_INTO_CONVERSATION, {**values, "conversation_id": conversation.id,
                                                   "account_id": conversation.account_id})
        if stored is None:
            return  # the same text, stored meanwhile by a concurrent request
    count_unread(stored.conversation_id, values["created_at"])
    _apply_words(number, body)
    _answer_keyword(stored, number, body, form.get("OptOutType"))
    live.account_changed(stored.account_id)
    media = _store_media(form, stored.id)
    if stored.account_id:
        log_system_now(stored.account_id, "sms", timeline_line("inbound", number, body, len(media)),
                       message_id=stored.id)
    for item in media:
        enqueue(FETCH_MEDIA, item.id, queue="media")


def _stored(sid: str) -> bool:
    return db.session.execute(_STORED, {"sid": sid}).first() is not None


def _insert_text(statements: dict, values: dict):
    """INSERT the text: (id, account_id, conversation_id), or None when nothing was inserted
    (its sid already stored, or no known conversation to put it in)."""
    return db.session.execute(statements[db.engine.dialect.name], values).first()


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
        why = media_fetch.refusal(url) if len(url) <= 500 else "URL too long; not fetched."
        items.append(MessageMedia(source_url=url[:500], content_type=(form.get(f"MediaContentType{n}")
                                  or "application/octet-stream")[:100],
                                  fetch_status="refused" if why else "pending", fetch_error=why))
    return items


def _apply_words(number: str, body: str) -> None:
    """STOP/START/HELP change or note consent; free text asking to stop (the text is flagged for
    a person, see asks_to_stop) is noted in the ledger too."""
    found = read_keyword(body)
    if found:
        record_sms_consent(number, found.kind, f"SMS keyword {found.word}", words=body)
    elif asks_to_stop(body):
        record_sms_consent(number, "flagged", "Customer's text may ask to stop; a collector confirms",
                           words=body)


ANSWERS = {"opt_out": OPT_OUT_CONFIRMATION, "help": HELP}


def _answer_keyword(stored, number: str, body: str, twilio_answer: str | None) -> None:
    """An opt-out keyword gets one confirmation, HELP/AYUDA a short help answer naming the dealer,
    in the customer's language. Not when Twilio answered the message itself: Advanced Opt-Out
    says so (OptOutType); and after its own stop words Twilio confirms by itself and blocks our
    texts (error 21610), so the desk confirms only the words Twilio does not know."""
    found = read_keyword(body)
    if found is None or found.kind not in ANSWERS or twilio_answer:
        return
    if found.kind == "opt_out" and found.twilio_answers:
        return
    send_auto_text(stored.conversation_id, stored.account_id, number, ANSWERS[found.kind],
                   customer_language(found, stored.account_id))


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
    if item.fetch_status != "failed" or not item.source_url or media_fetch.refusal(item.source_url):
        return False
    item.fetch_status = "pending"
    enqueue(FETCH_MEDIA, item.id, queue="media")
    return True
