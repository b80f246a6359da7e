"""Day sheets: the tally of a day that ended more than three hours ago, kept in report_days, so
a month's summary reads about thirty sheets and only today from the records.

A sheet never drifts from the records. Triggers on every table the reports count log each
change to a record stamped more than an hour ago, and every payment's date (report_changes,
migration 0026). Before sheets are read the log is taken: every sheet a logged change touches
is dropped and made again from the records. Days that ended less than SETTLED ago are read from
the records; the two hours between the triggers' hour and SETTLED are the margin for a
transaction still open when its day settles.
"""
from base64 import b64decode, b64encode
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from pyroaring import BitMap
from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite

from desk.extensions import db
from desk.reports.period import Period
from desk.reports.tally import Tally, read_tally
from models import ReportChange, ReportDay
from models.base import utcnow

SETTLED = timedelta(hours=3)
LONGEST_RUN = 31  # days of missing sheets made from one read of the records
BATCH = 500  # days per DELETE ... IN (...)
BIG_TAKE = 10_000  # log entries taken at once (an import of history) after which the log is vacuumed


def settled_days(period: Period, now: datetime) -> list[date]:
    """The period's days that ended at least SETTLED ago (the first ones, if any)."""
    return [day for day in period.days if period.midnight(day + timedelta(days=1)) <= now - SETTLED]


def keep_recent(zone: str, now: datetime | None = None, days: int = 31) -> int:
    """The scheduled upkeep: take the change log and make the sheets of the settled days among
    the last `days` (the longest preset period and a day), so the log stays short when nobody
    looks at the dashboard and the morning's first summary reads sheets. Returns the days kept."""
    now = now or utcnow()
    today = now.astimezone(ZoneInfo(zone)).date()
    settled = settled_days(Period(today - timedelta(days=days - 1), today, zone), now)
    kept_tally(zone, settled)
    return len(settled)


def kept_tally(zone: str, days: list[date]) -> Tally:
    """The sheets of `days` (settled days in `zone`) as one tally of every collector, each sheet
    made from the records first where it is missing or a logged change touched it."""
    if not days:
        return Tally()
    sheets = _stored(zone, days)
    if len(sheets) < len(days) or _changes_logged():
        sheets = _renew(zone, days)
    found = Tally()
    for sheet in sheets.values():
        decode_into(found, sheet)
    return found


def _stored(zone: str, days: list[date]) -> dict[date, dict]:
    """{day: sheet} of the kept sheets in `zone` from days[0] to days[-1]; a sheet is a row's
    values, not an ORM object (nothing to expire when the renewer commits)."""
    query = (select(ReportDay.day, ReportDay.figures, ReportDay.worked)
             .where(ReportDay.zone == zone, ReportDay.day >= days[0], ReportDay.day <= days[-1]))
    return {row["day"]: dict(row) for row in db.session.execute(query).mappings()}


def _changes_logged() -> bool:
    return db.session.execute(select(ReportChange.id).limit(1)).first() is not None


def _renew(zone: str, days: list[date]) -> dict[date, dict]:
    """One renewer at a time: take the log, drop what it touched, make what is missing, commit.
    Serialised, a sheet made from records read before a change can't outlive that change's entry."""
    _take_write_lock()
    taken = _take_log()
    _drop_touched(taken)
    sheets = _stored(zone, days)
    for run in _runs([day for day in days if day not in sheets]):
        made = _made(zone, run)
        db.session.execute(_insert().values(list(made.values())).on_conflict_do_nothing())
        sheets.update(made)
    db.session.commit()
    if len(taken) >= BIG_TAKE:
        _vacuum_log()
    return sheets


def _vacuum_log() -> None:
    """After a big take the log's pages hold only dead rows, which every "is anything logged?"
    reads through until autovacuum comes by: PostgreSQL vacuums the table now (SQLite reuses
    the freed pages by itself)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM report_changes"))


def _take_write_lock() -> None:
    """PostgreSQL: a transaction-long advisory lock. SQLite: any write takes the one write lock."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext("report_days"))))
    else:
        db.session.execute(text("DELETE FROM report_changes WHERE 0"))


def _take_log() -> list:
    """Empty the change log and return its entries, (at, on_day) each. The DELETE takes what was
    committed when it began; a change committed after stays logged for the next reader."""
    return db.session.execute(delete(ReportChange).returning(ReportChange.at, ReportChange.on_day)).all()


def _drop_touched(changes: list) -> None:
    """Drop every sheet, in whatever zone it was made, holding a day a change touched."""
    if not changes:
        return
    if any(change.at is None and change.on_day is None for change in changes):
        db.session.execute(delete(ReportDay))
        return
    for zone in db.session.execute(select(ReportDay.zone).distinct()).scalars().all():
        local = ZoneInfo(zone)
        touched = sorted({change.at.astimezone(local).date() if change.at else change.on_day for change in changes})
        for days in _batches(touched):
            db.session.execute(delete(ReportDay).where(ReportDay.zone == zone, ReportDay.day.in_(days)))


def _batches(items: list) -> list[list]:
    return [items[n:n + BATCH] for n in range(0, len(items), BATCH)]  # keeps IN (...) lists short


def _runs(days: list[date]) -> list[list[date]]:
    """Consecutive days in runs of at most LONGEST_RUN."""
    runs: list[list[date]] = []
    for day in days:
        if runs and day - runs[-1][-1] == timedelta(days=1) and len(runs[-1]) < LONGEST_RUN:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _made(zone: str, run: list[date]) -> dict[date, dict]:
    """Sheets of the days of `run`, read from the records in one go (a day with nothing, too)."""
    tally = read_tally(Period(run[0], run[-1], zone))
    now = utcnow()
    return {day: {"zone": zone, "day": day, "computed_at": now, **encoded(tally, day.isoformat())} for day in run}


def _insert():
    return (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(ReportDay)


# A sheet's JSON: {"cells": {who: {figure: value}}, "failures": {who: [[code, n]]}} and
# {who: the accounts' ids as a serialized roaring bitmap in base64}; who is the collector's id
# as text, "" for none; money as text.

def encoded(tally: Tally, day: str) -> dict:
    return {"figures": {"cells": {_who(who): {k: _plain(v) for k, v in cell.items()}
                                  for (d, who), cell in tally.cells.items() if d == day},
                        "failures": {_who(who): [[code, n] for code, n in counts.items()]
                                     for (d, who), counts in tally.failures.items() if d == day}},
            "worked": {_who(who): b64encode(ids.serialize()).decode() for (d, who), ids in tally.worked.items()
                       if d == day}}


def decode_into(found: Tally, sheet: dict) -> None:
    """Add one sheet's day to `found` (which holds no other tally of that day)."""
    day, figures = sheet["day"].isoformat(), sheet["figures"]
    for who, cell in figures["cells"].items():
        found.add_figures((day, _id(who)), {name: _number(value) for name, value in cell.items()})
    for who, pairs in figures["failures"].items():
        found.add_failures((day, _id(who)), dict(pairs))
    found.worked.update({(day, _id(who)): BitMap.deserialize(b64decode(ids)) for who, ids in sheet["worked"].items()})


def _who(who: int | None) -> str:
    return "" if who is None else str(who)


def _id(who: str) -> int | None:
    return int(who) if who else None


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def _number(value):
    """A figure back from JSON: money was kept as text."""
    return Decimal(value) if isinstance(value, str) else value
