"""The disposition prompt: after a call a collector placed or took ends, they are asked what
happened until they record it (record_activity with the call's id clears it) or dismiss it with
a reason (a wrong number dialled, a test call, ...), which is kept on the call and the timeline."""
from sqlalchemy import select

from desk import live_updates as live
from desk.errors import Invalid, NotFound
from desk.extensions import db
from desk.timeline import log_system
from models import Account, Call, Disposition, User, utcnow

NO_ANSWER, LEFT_MESSAGE, SPOKE = "No Answer", "Left Message", "Spoke to Customer"


def suggested_disposition(call: Call) -> str:
    """What most likely happened: a dropped voicemail, a conversation, or nobody there."""
    if call.voicemail_dropped:
        return LEFT_MESSAGE
    if (call.answered_by or "").startswith(("machine", "fax")):
        return NO_ANSWER
    if call.direction == "inbound" and call.answered_at is not None:
        return SPOKE
    if call.customer_status in ("completed", "in-progress") and (call.talk_seconds or 0) > 0:
        return SPOKE
    return NO_ANSWER


def pending_prompts(user: User) -> list[dict]:
    """The calls waiting for this user's disposition, oldest first."""
    rows = db.session.execute(
        select(Call, Account).join(Account, Call.account_id == Account.id)
        .where(Call.collector_id == user.id, Call.prompt_pending.is_(True))
        .order_by(Call.ended_at, Call.id)).all()
    ids = _disposition_ids()
    return [_prompt(call, account, ids) for call, account in rows]


def my_prompt(user: User, call_id: int) -> Call:
    """The call whose prompt waits for this user; anyone else's (or none) is not found."""
    call = db.session.get(Call, call_id, with_for_update=True)
    if call is None or call.collector_id != user.id or not call.prompt_pending:
        raise NotFound(f"No prompt of yours for call {call_id}.")
    return call


def dismiss_prompt(call: Call, user: User, reason: str) -> Call:
    """Close the prompt without an outcome, keeping who, when and why, and say so on the timeline."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the prompt is dismissed.", {"reason": ["Required."]})
    call.prompt_pending = False
    call.prompt_dismissed_at, call.prompt_dismissed_by_id, call.prompt_dismiss_reason = utcnow(), user.id, reason
    if call.account_id is not None:
        log_system(call.account_id, "call", f"{user.name} dismissed the outcome prompt of this call: {reason}",
                   call_id=call.id, created_by_id=user.id)
    live.user_changed(user.id)
    db.session.flush()
    return call


def _prompt(call: Call, account: Account, ids: dict) -> dict:
    suggestion = suggested_disposition(call)
    return {"call_id": call.id, "account_id": account.id, "customer": account.customer_name,
            "account_number": account.number,
            "to": call.to_number if call.direction == "outbound" else call.from_number,
            "direction": call.direction, "status": call.customer_status or call.status,
            "duration": call.talk_seconds if call.talk_seconds is not None else (call.duration or 0),
            "ended_at": call.ended_at.isoformat() if call.ended_at else None,
            "suggested_disposition": suggestion, "suggested_disposition_id": ids.get(suggestion)}


def _disposition_ids() -> dict:
    return dict(db.session.execute(
        select(Disposition.name, Disposition.id).where(Disposition.active.is_(True))).all())
