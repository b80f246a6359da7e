"""Assign accounts to collectors. A new collector takes over the account's open follow-ups and
the follow-up of its pending promises, and the timeline says who assigned it to whom.
Unassigning leaves follow-ups and promises with whoever holds them, so none is lost."""
from sqlalchemy import select, update

from desk import live_updates as live
from desk.errors import Invalid
from desk.extensions import db
from desk.timeline import log_system
from models import Account, Activity, Promise, User

MAX_ACCOUNTS = 5000  # ids per bulk call
CHUNK = 500  # ids per IN list


def check_assignee(user: User | None) -> None:
    """Only an active collector (or nobody) can hold accounts: Invalid naming assigned_to."""
    if user is not None and (user.role != "collector" or not user.active):
        raise Invalid(f"{user.name} is not an active collector.",
                      {"assigned_to": ["Must be an active collector."]})


def assign_accounts(account_ids: list[int], collector: User | None, author: User | None,
                    source: str = "The desk") -> int:
    """Assign every account named to `collector` (None unassigns); the count assigned.
    Unknown ids are Invalid naming account_ids, and nothing changes."""
    check_assignee(collector)
    ids = list(dict.fromkeys(account_ids))
    if len(ids) > MAX_ACCOUNTS:
        raise Invalid(f"At most {MAX_ACCOUNTS} accounts at once.",
                      {"account_ids": [f"At most {MAX_ACCOUNTS}."]})
    accounts = _load(ids)
    missing = [i for i in ids if i not in accounts]
    if missing:
        shown = ", ".join(map(str, missing[:10]))
        raise Invalid(f"No account {shown}.", {"account_ids": [f"No account {shown}."]})
    assign_loaded(list(accounts.values()), collector, author, source)
    return len(ids)


def assign_loaded(accounts: list[Account], collector: User | None, author: User | None,
                  source: str = "The desk") -> None:
    """assign_accounts for accounts already loaded (the DMS import has them in hand)."""
    moving = [a for a in accounts if a.assigned_to_id != (collector.id if collector else None)]
    for account in moving:
        _note(account, collector, author, source)
        live.user_changed(account.assigned_to_id)
        account.assigned_to = collector
        live.account_changed(account.id)
    if collector is not None:
        _move_open_work([a.id for a in moving], collector.id)
        live.user_changed(collector.id)
    db.session.flush()


def assign_account(account: Account, collector: User | None, author: User | None,
                   source: str = "The desk") -> None:
    assign_accounts([account.id], collector, author, source)


def _load(ids: list[int]) -> dict[int, Account]:
    found = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found.update({a.id: a for a in db.session.execute(
            select(Account).where(Account.id.in_(chunk))).scalars()})
    return found


def _move_open_work(account_ids: list[int], collector_id: int) -> None:
    """Open follow-ups and pending promises of these accounts now belong to the collector."""
    for start in range(0, len(account_ids), CHUNK):
        chunk = account_ids[start:start + CHUNK]
        db.session.execute(
            update(Activity).where(Activity.account_id.in_(chunk), Activity.follow_up_on.is_not(None),
                                   Activity.follow_up_done_at.is_(None))
            .values(assigned_to_id=collector_id).execution_options(synchronize_session=False))
        db.session.execute(
            update(Promise).where(Promise.account_id.in_(chunk), Promise.status == "pending")
            .values(assigned_to_id=collector_id).execution_options(synchronize_session=False))


def _note(account: Account, collector: User | None, author: User | None, source: str) -> None:
    """The timeline entry: "Ada Admin assigned the account to Casey Collector (was Jordan Collector)"."""
    who = author.name if author else source
    was = f" (was {account.assigned_to.name})" if account.assigned_to else ""
    text = (f"{who} assigned the account to {collector.name}{was}." if collector
            else f"{who} unassigned the account{was}.")
    log_system(account.id, "system", text, created_by_id=author.id if author else None)
