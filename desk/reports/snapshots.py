"""The daily portfolio snapshot: each open account's days past due, bucket, balance and amount
due as of a local day, one row per (day, account), so roll rates can compare a past day with now.

The scheduled job (`jobs.recurring.snapshot_portfolio`, hourly) adds the accounts the day's
snapshot does not hold yet and leaves the rows it holds alone: the first write of a day stands,
and running it again writes nothing. The DMS import is authoritative as of its date, so after
each chunk it replaces that day's rows of the accounts it named (`replace_snapshot`)."""
from datetime import date

from flask import current_app
from sqlalchemy import delete, literal, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desk.extensions import db
from desk.reports.buckets import bucket_of, is_open
from desk.reports.presets import local_today
from models import Account, PortfolioSnapshot

_INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}
COLUMNS = ("day", "account_id", "days_past_due", "bucket", "balance", "amount_due")


def snapshot_day() -> date:
    """Today in the dealer's zone: the day a snapshot written now is filed under."""
    return local_today(current_app.config["DEALER_TIME_ZONE"])


def _open_accounts(day: date, where=None):
    query = select(literal(day).label("day"), Account.id, Account.days_past_due, bucket_of(),
                   Account.balance, Account.amount_due).where(is_open())
    return query if where is None else query.where(where)


def take_snapshot(day: date | None = None) -> int:
    """Add every open account missing from `day`'s snapshot (default today); returns how many
    rows were written. Two runs at once cannot duplicate a row: (day, account) is the key and
    the insert skips a conflict."""
    day = day or snapshot_day()
    db.session.flush()
    insert = _INSERTS[db.engine.dialect.name](PortfolioSnapshot.__table__)
    statement = insert.from_select(COLUMNS, _open_accounts(day)).on_conflict_do_nothing(
        index_elements=["day", "account_id"]).returning(PortfolioSnapshot.account_id)
    return len(db.session.execute(statement).all())


def replace_snapshot(account_numbers: set[str], day: date | None = None) -> None:
    """The day's rows of these accounts (by account number) as they stand now: an account no
    longer open leaves the day's snapshot. Part of the caller's transaction."""
    if not account_numbers:
        return
    day = day or snapshot_day()
    db.session.flush()
    named = select(Account.id).where(Account.number.in_(account_numbers))
    db.session.execute(delete(PortfolioSnapshot).where(PortfolioSnapshot.day == day,
                                                       PortfolioSnapshot.account_id.in_(named)))
    db.session.execute(PortfolioSnapshot.__table__.insert().from_select(
        COLUMNS, _open_accounts(day, Account.number.in_(account_numbers))))


def has_snapshot(day: date) -> bool:
    return db.session.execute(select(PortfolioSnapshot.day).where(PortfolioSnapshot.day == day).limit(1)
                              ).first() is not None
