"""A collector's worklist: follow-ups due today or overdue, broken promises, reversed payments
that had paid the collector's promises, and customers' texts nobody has read yet on the
collector's accounts, most urgent first.

Ranking happens in SQL (oldest reason first, then most days past due), one page at a time, so the
worklist costs the same however many accounts the desk holds. The ranking reads only ids, dates
and days past due (the follow-ups from their index alone); whole accounts are loaded for the page.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, func, or_, select, union_all
from sqlalchemy.orm import aliased, selectinload

from desk import paging
from desk.accounts.sorting import parse_sort, sorted_page
from desk.extensions import db
from models import Account, Activity, Allocation, Conversation, Payment, Promise, User, utcnow


@dataclass
class WorkItem:
    account: Account
    since: date  # the oldest reason's date: older is more urgent
    reasons: list[dict] = field(default_factory=list)


def worklist(user: User, today: date | None = None, limit: int = 50, cursor: str | None = None,
             sort: str | None = None) -> tuple[list[WorkItem], str | None]:
    """One page of the user's worklist and the cursor of the next page (or None); most urgent
    first, or in the order `sort` names (desk.accounts.sorting)."""
    today = today or date.today()
    order = parse_sort(sort) if sort else None
    ranked = _ranked(user, today)
    if order:
        query = select(Account.id, ranked.c.since).join(ranked, ranked.c.account_id == Account.id)
        rows, next_cursor = sorted_page(query, order, limit, cursor)
    else:
        rows, next_cursor = _urgent_page(ranked, limit, cursor)
    accounts = _accounts([row[0] for row in rows])
    items = [WorkItem(account=accounts[row[0]], since=row[1]) for row in rows]
    _attach_reasons(items, user, today)
    return items, next_cursor


def _ranked(user: User, today: date):
    """(account id, since): the user's accounts with a reason to work them, and the oldest reason's date."""
    reasons = union_all(
        select(Activity.account_id, Activity.follow_up_on.label("on")).where(_follow_up_due(user, today)),
        select(Promise.account_id, Promise.due_on.label("on")).where(_broken_unworked(user)),
        _reversals_of_mine(user, select(Payment.account_id, func.date(Payment.reversed_at).label("on"))),
        select(Conversation.account_id, func.coalesce(func.date(Conversation.last_message_at), today).label("on"))
        .where(_unread_on_mine(user)),
    ).subquery()
    return select(reasons.c.account_id, func.min(reasons.c.on).label("since")) \
        .group_by(reasons.c.account_id).subquery()


def _urgent_page(ranked, limit: int, cursor: str | None) -> tuple[list[tuple], str | None]:
    """(account id, since) of the page's accounts, oldest reason first, then most days past due."""
    order = [ranked.c.since, -Account.days_past_due, Account.id]
    query = select(Account.id, ranked.c.since, -Account.days_past_due) \
        .join(ranked, ranked.c.account_id == Account.id)
    if cursor:
        values = paging.decode(cursor, [paging.day, paging.whole, paging.whole])
        query = query.where(paging.after(order, values))
    rows = db.session.execute(query.order_by(*order).limit(limit + 1)).all()
    last = rows[limit - 1] if len(rows) > limit else None
    return rows[:limit], paging.encode([last[1], last[2], last[0]]) if last else None


def _accounts(ids: list[int]) -> dict[int, Account]:
    found = db.session.execute(select(Account).where(Account.id.in_(ids)).options(
        selectinload(Account.phones), selectinload(Account.emails))).scalars()
    return {account.id: account for account in found}


def _follow_up_due(user: User, today: date):
    return and_(Activity.assigned_to_id == user.id, Activity.follow_up_on <= today,
                Activity.follow_up_done_at.is_(None))


def _broken_unworked(user: User):
    """Broken promises of the user's that nobody has worked since they broke."""
    later = aliased(Activity)
    worked = exists().where(later.account_id == Promise.account_id, later.created_by_id.is_not(None),
                            later.created_at > Promise.resolved_at)
    return and_(Promise.status == "broken", _mine(user), ~worked)


def _mine(user: User):
    """Promises assigned to the user, or to nobody on the user's accounts."""
    unassigned_on_my_account = and_(
        Promise.assigned_to_id.is_(None),
        Promise.account_id.in_(select(Account.id).where(Account.assigned_to_id == user.id)))
    return or_(Promise.assigned_to_id == user.id, unassigned_on_my_account)


def _reversals_of_mine(user: User, columns):
    """Reversed payments that had paid the user's promises, not worked since the reversal."""
    later = aliased(Activity)
    worked = exists().where(later.account_id == Payment.account_id, later.created_by_id.is_not(None),
                            later.created_at > Payment.reversed_at)
    return columns.where(Payment.reversed_at.is_not(None), ~worked, exists().where(
        Allocation.payment_id == Payment.id, Allocation.released_at.is_not(None),
        Allocation.promise_id == Promise.id, _mine(user)))


def _unread_on_mine(user: User):
    """Conversations of the user's accounts with texts nobody has read (opening the account reads them)."""
    return and_(Conversation.unread_count > 0,
                Conversation.account_id.in_(select(Account.id).where(Account.assigned_to_id == user.id)))


def _attach_reasons(items: list[WorkItem], user: User, today: date) -> None:
    by_account = {item.account.id: item for item in items}
    follow_ups = db.session.execute(select(Activity).where(
        _follow_up_due(user, today), Activity.account_id.in_(by_account))).scalars()
    for activity in follow_ups:
        by_account[activity.account_id].reasons.append(
            {"kind": "follow_up", "on": activity.follow_up_on, "activity_id": activity.id})
    broken = db.session.execute(select(Promise).where(
        _broken_unworked(user), Promise.account_id.in_(by_account))).scalars()
    for promise in broken:
        by_account[promise.account_id].reasons.append(
            {"kind": "broken_promise", "on": promise.due_on, "promise_id": promise.id, "amount": promise.amount})
    reversed_ = db.session.execute(_reversals_of_mine(user, select(Payment)).where(
        Payment.account_id.in_(by_account))).scalars()
    for payment in reversed_:
        by_account[payment.account_id].reasons.append(
            {"kind": "reversed_payment", "on": payment.reversed_at.date(), "payment_id": payment.id,
             "amount": payment.amount})
    unread = db.session.execute(select(Conversation).where(
        _unread_on_mine(user), Conversation.account_id.in_(by_account))).scalars()
    for conversation in unread:
        by_account[conversation.account_id].reasons.append(
            {"kind": "unread_texts", "on": (conversation.last_message_at or utcnow()).date(),
             "count": conversation.unread_count,
             "conversation_id": conversation.id})
    for item in items:
        item.reasons.sort(key=lambda reason: reason["on"])


# The work queue ranks every account of the collector's by the same reasons, most urgent kind
# first: broken promises (and reversed payments), follow-ups due, unread texts, promises due today.
URGENCY = ("broken_promise", "follow_up", "unread_texts", "promise_due")


def urgent_accounts(user: User, today: date) -> dict[int, int]:
    """{account id: rank}: each of the user's accounts with a reason, its most urgent reason's
    place in URGENCY. One small query per kind of reason (each from its own index), merged here:
    as one UNION the planner prices the whole and starts parallel workers that cost more than
    the work."""
    ranks: dict[int, int] = {}
    for rank, query in _urgency_queries(user, today):
        for account_id in db.session.execute(query).scalars():
            ranks[account_id] = min(rank, ranks.get(account_id, rank))
    return ranks


def _urgency_queries(user: User, today: date) -> list[tuple[int, object]]:
    return [
        (0, select(Promise.account_id).where(_broken_unworked(user))),
        (0, _reversals_of_mine(user, select(Payment.account_id))),
        (1, select(Activity.account_id).where(_follow_up_due(user, today))),
        (2, select(Conversation.account_id).where(_unread_on_mine(user))),
        (3, select(Promise.account_id).where(_due_today(user, today))),
    ]


def _due_today(user: User, today: date):
    return and_(Promise.status == "pending", Promise.due_on == today, _mine(user))


def reasons_for(account: Account, user: User, today: date) -> list[dict]:
    """Why the account is urgent for the user, as the worklist says it, plus promises due today."""
    item = WorkItem(account=account, since=today)
    _attach_reasons([item], user, today)
    due = db.session.execute(select(Promise).where(
        _due_today(user, today), Promise.account_id == account.id)).scalars()
    item.reasons += [{"kind": "promise_due", "on": p.due_on, "promise_id": p.id, "amount": p.amount} for p in due]
    return item.reasons
