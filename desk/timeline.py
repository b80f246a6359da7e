"""Verbs for the account timeline."""

from sqlalchemy import insert, select, update

from desk import live_updates as live
from desk import paging
from desk.errors import Invalid
from desk.extensions import db
from models import Account, Activity, Call, User, utcnow


def record_activity(account: Account, data: dict, author: User | None) -> Activity:
    """Log what happened on an account; a linked call's disposition prompt is cleared."""
    call = _linked_call(account, data.get("call_id"))
    activity = Activity(
        account_id=account.id, type="call" if call else data.get("type", "note"),
        disposition=data.get("disposition"), notes=(data.get("notes") or "").strip() or None,
        assigned_to=data.get("assigned_to"), follow_up_on=data.get("follow_up_on"),
        created_by=author, call_id=call.id if call else None,
    )
    if author is not None:
        close_follow_ups(account.id)
    db.session.add(activity)
    if call is not None:
        call.prompt_pending = False
        live.user_changed(call.collector_id)
    db.session.flush()
    return activity


PROMISE_DISPOSITION = "promise to pay"


def leads_to_promise(activity: Activity) -> bool:
    """The collector logged the Promise to Pay disposition: the promise itself comes next."""
    return activity.disposition is not None and activity.disposition.name.strip().lower() == PROMISE_DISPOSITION


def _linked_call(account: Account, call_id: int | None) -> Call | None:
    if call_id is None:
        return None
    call = db.session.get(Call, call_id)
    if call is None or call.account_id != account.id:
        raise Invalid("That call is not on this account.", {"call_id": ["Not a call on this account."]})
    return call


def close_follow_ups(account_id: int) -> None:
    """Earlier follow-ups on the account are done once someone works it again."""
    db.session.execute(
        update(Activity)
        .where(Activity.account_id == account_id, Activity.follow_up_on.is_not(None),
               Activity.follow_up_done_at.is_(None))
        .values(follow_up_done_at=utcnow())
    )


def log_system(account_id: int, type_: str, notes: str, **links) -> Activity:
    """A timeline entry the desk itself writes (a promise kept, a message received, ...)."""
    activity = Activity(account_id=account_id, type=type_, notes=notes, **links)
    db.session.add(activity)
    return activity


def log_system_now(account_id: int, type_: str, notes: str, **links) -> None:
    """log_system as one INSERT at once, without an ORM object (the webhook path). Changes
    pending in the session are flushed first, so timeline entries keep the order they were
    logged in."""
    db.session.flush()
    db.session.execute(_INSERT_ACTIVITY, {"account_id": account_id, "type": type_, "notes": notes, **links})


_INSERT_ACTIVITY = insert(Activity.__table__)


def list_activities(account: Account, types: list[str] | None = None, limit: int = 50,
                    cursor: str | None = None) -> tuple[list[Activity], str | None]:
    """The account's timeline, newest first, optionally only some types."""
    query = select(Activity).where(Activity.account_id == account.id)
    if types:
        query = query.where(Activity.type.in_(types))
    return paging.page(
        db.session, query, [Activity.created_at, Activity.id], limit, cursor,
        key=lambda a: [a.created_at, a.id], kinds=[paging.instant, paging.whole], descending=True,
    )
