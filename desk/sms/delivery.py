"""What Twilio says about the texts we send: accepted, refused, unreachable, status callbacks.

Statuses only ever move forward (MESSAGE_STATUS_RANK), each move one conditional UPDATE, so
repeated, late or reordered callbacks end where in-order delivery would, even when the send job
and a callback write the same row at once.
"""
from sqlalchemy import bindparam, case, func, or_, select, update

from desk import live_updates as live
from desk.compliance.sms_consent import record_sms_consent
from desk.extensions import db
from desk.outbox import SEND_MESSAGE, enqueue
from desk.timeline import log_system
from models import Message, utcnow
from models.messaging import MESSAGE_STATUS_RANK
from telephony.errors import explain


def advance_status(message_id: int, status: str, error_code=None, sid: str | None = None) -> bool:
    """Move a message's status forward only (one conditional UPDATE, safe under concurrency);
    an error code is kept with its explanation. Returns True when the status moved."""
    rank = MESSAGE_STATUS_RANK.get(status)
    if rank is None:
        return False
    if sid:
        db.session.execute(update(Message).where(Message.id == message_id, Message.twilio_sid.is_(None))
                           .values(twilio_sid=sid).execution_options(synchronize_session=False))
    lower = _lower_than(status)
    values = _status_values(status, error_code)
    moved = db.session.execute(update(Message).where(Message.id == message_id, Message.status.in_(lower))
                               .values(**values).execution_options(synchronize_session=False))
    _expire(message_id)
    return moved.rowcount > 0


def _lower_than(status: str) -> list[str]:
    rank = MESSAGE_STATUS_RANK[status]
    return [s for s, r in MESSAGE_STATUS_RANK.items() if r < rank]


def _status_values(status: str, error_code) -> dict:
    """The columns a status move sets; an error code is kept with its explanation."""
    values = {"status": status, "updated_at": utcnow()}
    if error_code not in (None, "", "0", 0):
        values.update(error_code=_int(error_code), error_message=explain(error_code))
    return values


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


def apply_status_callback(form, message_id: str | None) -> None:
    """A status callback: find the message (our id in the callback URL, else the sid), move it.
    The usual case, our id naming an outbound text whose status moves, is one UPDATE."""
    sid = form.get("MessageSid") or form.get("SmsSid")
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
    if status not in MESSAGE_STATUS_RANK:
        return  # nothing to move (the lookups below would only read)
    our_id = int(message_id) if message_id and message_id.isdigit() else None
    if our_id is not None and _advance_by_id(our_id, status, form.get("ErrorCode"), sid):
        return
    message = None
    if our_id is not None:
        message = db.session.get(Message, our_id)
        if message is not None and message.twilio_sid and sid and message.twilio_sid != sid:
            message = None
    if message is None and sid:
        message = db.session.execute(select(Message).where(Message.twilio_sid == sid)).scalar_one_or_none()
    if message is None or message.direction != "outbound":
        return
    if advance_status(message.id, status, form.get("ErrorCode"), None if message.twilio_sid else sid):
        live.account_changed(message.account_id)


def _advance_by_id(message_id: int, status: str, error_code, sid: str | None) -> bool:
    """The callback's own message (outbound, no other sid) moves forward in one conditional
    UPDATE that also fills a missing sid. False when nothing moved: the caller then looks the
    message up (a late status, a sid of another message, not ours) as before."""
    if not db.engine.dialect.update_returning:
        return False
    params = {"m_id": message_id, "m_rank": MESSAGE_STATUS_RANK[status], **_status_values(status, error_code)}
    if sid:
        moved = db.session.execute(_MOVE_FILLING_SID, {**params, "m_sid": sid}).first()
    else:
        moved = db.session.execute(_MOVE, params).first()
    if moved is None:
        return False
    _expire(message_id)
    live.account_changed(moved.account_id)
    return True


MESSAGES = Message.__table__
# forward only: the stored status ranks lower (an unknown one has no rank and never moves);
# SET status, updated_at (and error_code, error_message) come from the parameters given
_MOVE = (update(MESSAGES).where(MESSAGES.c.id == bindparam("m_id"), MESSAGES.c.direction == "outbound",
                                case(MESSAGE_STATUS_RANK, value=MESSAGES.c.status) < bindparam("m_rank"))
         .returning(MESSAGES.c.account_id))
_SID = bindparam("m_sid", type_=MESSAGES.c.twilio_sid.type)
_MOVE_FILLING_SID = (_MOVE.where(or_(MESSAGES.c.twilio_sid.is_(None), MESSAGES.c.twilio_sid == _SID))
                     .values(twilio_sid=func.coalesce(MESSAGES.c.twilio_sid, _SID)))


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
    live.account_changed(message.account_id)
    if code == 21610:
        record_sms_consent(message.to_number, "opt_out", "Twilio refused the send: 21610 (replied STOP)")
    if message.account_id:
        log_system(message.account_id, "system", f"SMS to {message.to_number} not sent: {reason}",
                   message_id=message.id)


def record_unavailable(message_id: int, reason: str) -> None:
    """The send did not happen (Twilio unreachable, or the desk failed): the message stays
    queued, with why, for the next attempt."""
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
        enqueue(SEND_MESSAGE, message_id, queue="messages")
    return ids
