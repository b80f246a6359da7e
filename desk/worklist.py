"""A collector's worklist: follow-ups due today or overdue and broken promises, most urgent first."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased, selectinload

from desk.extensions import db
from models import Account, Activity, Promise, User


@dataclass
class WorkItem:
    account: Account
    reasons: list[dict] = field(default_factory=list)
    since: date | None = None  # the oldest reason's date: older is more urgent


def worklist(user: User, today: date | None = None) -> list[WorkItem]:
    today = today or date.today()
    items: dict[int, WorkItem] = {}
    for activity in _due_follow_ups(user, today):
        _add(items, activity.account_id, {"kind": "follow_up", "on": activity.follow_up_on,
                                          "activity_id": activity.id}, activity.follow_up_on)
    for promise in _broken_promises(user):
        _add(items, promise.account_id, {"kind": "broken_promise", "on": promise.due_on,
                                         "promise_id": promise.id, "amount": promise.amount},
             promise.due_on)
    accounts = {a.id: a for a in db.session.execute(
        select(Account).where(Account.id.in_(items)).options(selectinload(Account.phones))).scalars()}
    for account_id, item in items.items():
        item.account = accounts[account_id]
    return sorted(items.values(), key=lambda i: (i.since, -i.account.days_past_due, i.account.id))


def _add(items: dict, account_id: int, reason: dict, since: date) -> None:
    item = items.setdefault(account_id, WorkItem(account=None, since=since))
    item.reasons.append(reason)
    item.since = min(item.since, since)


def _due_follow_ups(user: User, today: date) -> list[Activity]:
    return db.session.execute(
        select(Activity).where(Activity.assigned_to_id == user.id, Activity.follow_up_on <= today,
                               Activity.follow_up_done_at.is_(None))
    ).scalars().all()


def _broken_promises(user: User) -> list[Promise]:
    """Broken promises nobody has worked since they broke."""
    later = aliased(Activity)
    worked = exists().where(later.account_id == Promise.account_id, later.created_by_id.is_not(None),
                            later.created_at > Promise.resolved_at)
    owner = or_(Promise.assigned_to_id == user.id,
                Promise.account_id.in_(select(Account.id).where(Account.assigned_to_id == user.id)))
    return db.session.execute(
        select(Promise).where(Promise.status == "broken", owner, ~worked)).scalars().all()
