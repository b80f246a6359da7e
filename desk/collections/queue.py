"""The work queue: the next account a collector should work, handed to one collector at a time.

Candidates are the collector's own accounts (an admin's queue holds every account, whoever it
is assigned to, so an admin can help with anyone's), open (not paid off or closed), ranked as
the worklist ranks them (desk.collections.worklist.urgent_accounts), then most days past due, then most
due. Accounts the collector worked today (an activity of theirs) are passed over unless asked
for, accounts they skipped today always, and accounts another collector holds. The first
candidate that some channel may contact now (desk.compliance.contactability) is leased to the
collector for LEASE.

The lease is one row per account (queue_leases.account_id is unique): an INSERT .. ON CONFLICT
that takes the row only if it is free or expired, so of two collectors asking at once exactly
one gets the account and the other moves on to the next candidate.

Asking again while holding a live lease gives the same account (renewed) until the collector
has written an activity on it since it was handed out; then it is released and the next comes.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from desk.collections import lease_renewal
from desk.collections.worklist import reasons_for, urgent_accounts
from desk.compliance.contactability import contactability, next_workable, workable_now
from desk.errors import Invalid, NotFound
from desk.extensions import db
from desk.timeline import log_system
from models import Account, Activity, QueueLease, QueueSkip, User, utcnow

LEASE = timedelta(minutes=10)
CLOSED = ("paid_off", "closed")
BATCH = 10  # candidates loaded at a time: the first workable one usually comes in the first
_INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}

lease_renewal.listen()


@dataclass
class Handout:
    account: Account
    lease_expires_at: datetime | None
    reasons: list[dict] = field(default_factory=list)


@dataclass
class Empty:
    next_workable_at: datetime | None


def next_account(user: User, include_worked: bool = False, now: datetime | None = None) -> Handout | Empty:
    """Lease the most urgent account the user may work now, or say when one may be."""
    now = now or utcnow()
    held = _held(user, now)
    if held is not None:
        account = db.session.get(Account, held.account_id)
        if not _worked_since(held, user) and workable_now(account, now):
            held.expires_at = now + LEASE
            return _handout(account, user, held.expires_at)
        db.session.delete(held)
        db.session.flush()
    soonest = None
    for account, urgent in _candidates(user, include_worked, now):
        if held is not None and account.id == held.account_id:
            continue  # just given back: the next one, not the same again
        if not workable_now(account, now):
            soonest = min(filter(None, (soonest, next_workable(contactability(account, now)))), default=None)
        elif _take(account.id, user, now):
            return _handout(account, user, now + LEASE, urgent)
    return Empty(soonest)


def preview(user: User, include_worked: bool = False, limit: int = 20, now: datetime | None = None) -> list[Handout]:
    """The next `limit` accounts the queue would hand out, leasing none."""
    now = now or utcnow()
    found = []
    for account, urgent in _candidates(user, include_worked, now):
        if workable_now(account, now):
            found.append(_handout(account, user, None, urgent))
            if len(found) == limit:
                break
    return found


def skip(user: User, account_id: int, reason: str) -> None:
    """Pass over an account for the rest of the day, on the timeline with the reason."""
    account = _account(account_id)
    reason = reason.strip()
    if not reason:
        raise Invalid("Say why the account is skipped.", {"reason": ["Required."]})
    db.session.add(QueueSkip(account_id=account.id, user_id=user.id, reason=reason))
    log_system(account.id, "system", f"{user.name} skipped the account in the queue: {reason}")
    release(user, account.id)


def release(user: User, account_id: int) -> None:
    """Give the account back to the queue (only the user's own lease is released)."""
    _account(account_id)
    db.session.execute(delete(QueueLease).where(QueueLease.account_id == account_id,
                                                QueueLease.user_id == user.id))


def renew(user: User, account_ids: set[int], now: datetime | None = None) -> None:
    """Push back the user's live leases on these accounts (the user is writing on them)."""
    now = now or utcnow()
    db.session.execute(QueueLease.__table__.update().where(
        QueueLease.user_id == user.id, QueueLease.account_id.in_(account_ids), QueueLease.expires_at > now,
    ).values(expires_at=now + LEASE))


def _account(account_id: int) -> Account:
    account = db.session.get(Account, account_id)
    if account is None:
        raise NotFound(f"No account {account_id}.", {"account_id": ["No such account."]})
    return account


def _handout(account: Account, user: User, expires: datetime | None, urgent: bool = True) -> Handout:
    """`urgent` False: the account has none of the reasons (urgent_accounts), so none to read."""
    reasons = reasons_for(account, user, date.today()) if urgent else []
    return Handout(account=account, lease_expires_at=expires, reasons=reasons)


def _held(user: User, now: datetime) -> QueueLease | None:
    lease = db.session.execute(select(QueueLease).where(QueueLease.user_id == user.id)
                               .order_by(QueueLease.leased_at.desc()).limit(1)).scalar()
    if lease is not None and lease.expires_at <= now:
        db.session.delete(lease)
        db.session.flush()
        return None
    return lease


def _worked_since(lease: QueueLease, user: User) -> bool:
    return db.session.execute(select(Activity.id).where(
        Activity.account_id == lease.account_id, Activity.created_by_id == user.id,
        Activity.created_at >= lease.leased_at).limit(1)).first() is not None


def _take(account_id: int, user: User, now: datetime) -> bool:
    """Lease the account to the user unless someone holds it; the database decides."""
    insert = _INSERTS[db.engine.dialect.name](QueueLease.__table__)
    statement = insert.values(account_id=account_id, user_id=user.id, leased_at=now, expires_at=now + LEASE)
    statement = statement.on_conflict_do_update(
        index_elements=["account_id"],
        set_={"user_id": user.id, "leased_at": now, "expires_at": now + LEASE},
        where=QueueLease.__table__.c.expires_at <= now,
    )
    return db.session.execute(statement.returning(QueueLease.id)).first() is not None


def _candidates(user: User, include_worked: bool, now: datetime):
    """(account, has a reason) for the user's accounts the queue may hand out, most urgent
    first, a batch at a time: first those with a reason (few, ranked here), then the rest
    straight from the ranking index."""
    today = date.today()
    ranks = urgent_accounts(user, today)
    where = _open_to(user, include_worked, now, today)
    for ids in _urgent_batches(ranks, where):
        yield from ((account, True) for account in _load(ids))
    for ids in _rest_batches(ranks, where):
        yield from ((account, False) for account in _load(ids))


def _urgent_batches(ranks: dict[int, int], where: list):
    rows = []
    ids = list(ranks)
    for start in range(0, len(ids), 500):
        rows += db.session.execute(select(Account.id, Account.days_past_due, Account.amount_due)
                                   .where(Account.id.in_(ids[start:start + 500]), *where)).all()
    rows.sort(key=lambda row: (ranks[row.id], -row.days_past_due, -row.amount_due, row.id))
    for start in range(0, len(rows), BATCH):
        yield [row.id for row in rows[start:start + BATCH]]


def _rest_batches(ranks: dict[int, int], where: list):
    """Accounts without a reason, most days past due then most due, read from
    ix_accounts_assigned_rank (ix_accounts_rank for an admin) a batch at a time."""
    query = select(Account.id).where(*where).order_by(
        Account.days_past_due.desc(), Account.amount_due.desc(), Account.id)
    offset = 0
    while True:
        ids = db.session.execute(query.offset(offset).limit(BATCH)).scalars().all()
        if not ids:
            return
        yield [i for i in ids if i not in ranks]
        offset += BATCH


def _load(ids: list[int]) -> list[Account]:
    if not ids:
        return []
    found = db.session.execute(select(Account).where(Account.id.in_(ids)).options(
        selectinload(Account.phones), selectinload(Account.emails))).scalars()
    accounts = {account.id: account for account in found}
    return [accounts[i] for i in ids]


def _open_to(user: User, include_worked: bool, now: datetime, today: date) -> list:
    """Conditions on Account: open, the user's (any for an admin), not held by another, not
    skipped by the user today, and unless asked for not worked by the user today."""
    midnight = datetime.combine(today, time.min).astimezone()
    held = select(QueueLease.account_id).where(QueueLease.expires_at > now, QueueLease.user_id != user.id)
    skipped = select(QueueSkip.account_id).where(QueueSkip.user_id == user.id, QueueSkip.created_at >= midnight)
    where = [Account.status.not_in(CLOSED), Account.id.not_in(held), Account.id.not_in(skipped)]
    if not user.is_admin:
        where.append(Account.assigned_to_id == user.id)
    if not include_worked:
        where.append(Account.id.not_in(select(Activity.account_id).where(
            Activity.created_by_id == user.id, Activity.created_at >= midnight)))
    return where
