"""Texting customers: the send_sms verb and what Twilio's answers and callbacks change.

A send is two steps. send_sms checks everything (input, the compliance gate), writes the queued
Message with its sms Activity, and enqueues jobs.messages.send_message_job, which runs after the
commit and is the only place that asks Twilio to send. Statuses only ever move forward
(MESSAGE_STATUS_RANK), so repeated, late or reordered callbacks end where in-order delivery would.
"""
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update

import jobs
from desk import compliance, templating
from desk.activities import log_system
from desk.conversations import conversation_for, describe
from desk.errors import Invalid, NotFound
from desk.extensions import db
from desk.files import attachments_for
from desk.segments import segments
from desk.sms_consent import record_sms_consent
from desk.templates import get_template
from models import Account, Conversation, Message, MessageMedia, Phone, User, utcnow
from models.messaging import MESSAGE_STATUS_RANK
from telephony.errors import explain

MAX_BODY = 1600
MAX_MEDIA = 10
MAX_MEDIA_BYTES = 5 * 1024 * 1024
MMS_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/gif"}
STATUS_PATH = "/webhooks/twilio/sms/status"


def send_sms(account: Account, data: dict, author: User | None, now: datetime | None = None) -> Message:
    """Queue a text (or MMS) to one of the account's phones; the send job runs after commit.
    data: body | template_id, to (E.164, default the primary mobile), attachment_ids."""
    phone = choose_phone(account, data.get("to"))
    body = message_body(account, data, author)
    attachments = _media(account, data.get("attachment_ids") or [])
    if not body and not attachments:
        raise Invalid("Write a message or attach a file.", {"body": ["The message is empty."]})
    compliance.check_sms(account, phone, now)
    count, encoding = segments(body)
    message = Message(
        conversation_id=conversation_for(account.id, phone.number).id, account_id=account.id,
        direction="outbound", from_number=current_app.config.get("TWILIO_FROM_NUMBER") or "",
        to_number=phone.number, body=body, status="queued", segments=count, encoding=encoding,
        sent_by_id=author.id if author else None, created_at=utcnow(),
        media=[MessageMedia(attachment_id=a.id, content_type=a.content_type, fetch_status="stored")
               for a in attachments],
    )
    db.session.add(message)
    db.session.flush()
    _touch(message)
    log_system(account.id, "sms", describe(message), message_id=message.id,
               created_by_id=author.id if author else None)
    jobs.enqueue("jobs.messages.send_message_job", message.id, queue="messages")
    return message


def choose_phone(account: Account, number: str | None) -> Phone:
    """The account's phone with this number, or its primary mobile when none is given."""
    if number:
        for phone in account.phones:
            if phone.number == number:
                return phone
        raise Invalid(f"{number} is not a phone of this account.", {"to": ["Not a phone of this account."]})
    phone = account.primary_mobile
    if phone is None:
        raise Invalid("The account has no phone to text.", {"to": ["The account has no phone."]})
    return phone


def message_body(account: Account, data: dict, author: User | None) -> str:
    """The custom text as written, or the sms template rendered with the account's merge fields."""
    if data.get("template_id") is not None:
        try:
            template = get_template(data["template_id"], "sms")
        except NotFound as exc:
            raise Invalid(exc.message, {"template_id": ["No such SMS template."]}) from exc
        body = templating.render(template.body, templating.context_for(account, author))
    else:
        body = data.get("body") or ""
    body = body.strip()
    if len(body) > MAX_BODY:
        raise Invalid(f"A text may be at most {MAX_BODY} characters.",
                      {"body": [f"Longer than {MAX_BODY} characters."]})
    return body


def _media(account: Account, ids: list[int]) -> list:
    if len(ids) > MAX_MEDIA:
        raise Invalid(f"At most {MAX_MEDIA} attachments.", {"attachment_ids": [f"At most {MAX_MEDIA} files."]})
    attachments = attachments_for(account, list(dict.fromkeys(ids)))
    wrong = [a.filename for a in attachments if a.content_type not in MMS_TYPES]
    if wrong:
        raise Invalid("Only PDF, JPEG, PNG and GIF files can be texted.",
                      {"attachment_ids": [f"Not a PDF, JPEG, PNG or GIF: {', '.join(wrong)}."]})
    if sum(a.size for a in attachments) > MAX_MEDIA_BYTES:
        raise Invalid("Attachments may total at most 5 MB.", {"attachment_ids": ["More than 5 MB in total."]})
    return attachments


def _touch(message: Message) -> None:
    conversation = db.session.get(Conversation, message.conversation_id)
    conversation.last_message_at = message.created_at


def preview(account: Account, data: dict, author: User | None) -> dict:
    """What a send would text (rendered template or the text as typed) and what it costs."""
    body = message_body(account, data, author)
    count, encoding = segments(body)
    return {"body": body, "segments": count, "encoding": encoding, "characters": len(body)}


# -- what Twilio says -------------------------------------------------------------------------
def advance_status(message_id: int, status: str, error_code=None, sid: str | None = None) -> bool:
    """Move a message's status forward only (one conditional UPDATE, safe under concurrency);
    an error code is kept with its explanation. Returns True when the status moved."""
    rank = MESSAGE_STATUS_RANK.get(status)
    if rank is None:
        return False
    if sid:
        db.session.execute(update(Message).where(Message.id == message_id, Message.twilio_sid.is_(None))
                           .values(twilio_sid=sid).execution_options(synchronize_session=False))
    lower = [s for s, r in MESSAGE_STATUS_RANK.items() if r < rank]
    values = {"status": status, "updated_at": utcnow()}
    if error_code not in (None, "", "0", 0):
        values.update(error_code=_int(error_code), error_message=explain(error_code))
    moved = db.session.execute(update(Message).where(Message.id == message_id, Message.status.in_(lower))
                               .values(**values).execution_options(synchronize_session=False))
    _expire(message_id)
    return moved.rowcount > 0


def _int(code) -> int | None:
    try:
        return int(code)
    except (TypeError, ValueError):
        return None


def _expire(message_id: int) -> None:
    """Forget a loaded copy of the message so the next read sees the UPDATE."""
    loaded = db.session.identity_map.get(db.session.identity_key(Message, message_id))
    if loaded is not None:
        db.session.expire(loaded)


def apply_status_callback(form, message_id: str | None) -> Message | None:
    """A status callback: find the message (our id in the callback URL, else the sid), move it."""
    sid = form.get("MessageSid") or form.get("SmsSid")
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
    message = None
    if message_id and message_id.isdigit():
        message = db.session.get(Message, int(message_id))
        if message is not None and message.twilio_sid and sid and message.twilio_sid != sid:
            message = None
    if message is None and sid:
        message = db.session.execute(select(Message).where(Message.twilio_sid == sid)).scalar_one_or_none()
    if message is None or message.direction != "outbound":
        return None
    advance_status(message.id, status, form.get("ErrorCode"), sid)
    return message


def record_sent(message_id: int, sid: str, status: str) -> None:
    """Twilio accepted the message: keep its sid; a "Retrying" note of an earlier attempt goes."""
    db.session.execute(update(Message).where(Message.id == message_id, Message.error_code.is_(None))
                       .values(error_message=None).execution_options(synchronize_session=False))
    advance_status(message_id, status or "queued", sid=sid)


def record_refusal(message_id: int, code: int | None, reason: str) -> None:
    """Twilio refused the send: the message failed with the reason; 21610 means the customer
    texted STOP to our number, so the desk's ledger records the opt-out too."""
    message = db.session.get(Message, message_id)
    message.status, message.error_code, message.error_message = "failed", code, reason[:500]
    if code == 21610:
        record_sms_consent(message.to_number, "opt_out", "Twilio refused the send: 21610 (replied STOP)")
    if message.account_id:
        log_system(message.account_id, "system", f"SMS to {message.to_number} not sent: {reason}",
                   message_id=message.id)


def record_unavailable(message_id: int, reason: str) -> None:
    """Twilio could not be reached: the message stays queued, with why, for the next attempt."""
    message = db.session.get(Message, message_id)
    if message.status == "queued" and not message.twilio_sid:
        message.error_message = f"Not sent yet: {reason} Retrying."[:500]


def claim_for_sending(message_id: int) -> Message | None:
    """Take a queued, never-sent message for one send attempt, or None (already sent, failed, or
    another worker took it). The attempt is committed before Twilio is asked."""
    message = db.session.get(Message, message_id)
    if message is None or message.twilio_sid or message.status != "queued":
        return None
    claimed = db.session.execute(
        update(Message).where(Message.id == message_id, Message.twilio_sid.is_(None),
                              Message.status == "queued", Message.send_attempts == message.send_attempts)
        .values(send_attempts=message.send_attempts + 1).execution_options(synchronize_session=False))
    db.session.commit()
    return db.session.get(Message, message_id) if claimed.rowcount else None


def retry_unsent(message: Message | None = None) -> list[int]:
    """Queue the send job again for a message (or every message) still waiting for Twilio."""
    query = select(Message.id).where(Message.direction == "outbound", Message.status == "queued",
                                     Message.twilio_sid.is_(None), Message.send_attempts > 0)
    if message is not None:
        query = query.where(Message.id == message.id)
    ids = db.session.execute(query).scalars().all()
    for message_id in ids:
        jobs.enqueue("jobs.messages.send_message_job", message_id, queue="messages")
    return ids
