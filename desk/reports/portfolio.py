"""The portfolio now: open accounts and their dollars by days past due, and how the accounts of
a past day's snapshot moved between the buckets since (roll rates; docs/reports.md)."""
from datetime import date

from sqlalchemy import case, func, select

from desk.extensions import db
from desk.reports.buckets import BUCKETS, CLOSED, NAMES, bucket_of, is_open
from desk.reports.snapshots import has_snapshot
from desk.reports.sources import money_sum
from desk.reports.summary import money, ratio
from models import Account, PortfolioSnapshot

MOVES = ("forward", "same", "back", "closed")


def portfolio(collector_id: int | None = None, since: date | None = None) -> dict:
    """Accounts still owing (not paid off, closed or charged off) per bucket: how many, their
    balance and the amount due now; with `since`, the roll rates from that day's snapshot."""
    bucket = bucket_of().label("bucket")
    query = (select(bucket, func.count(Account.id).label("accounts"),
                    money_sum(Account.balance).label("balance"),
                    money_sum(Account.amount_due).label("amount_due"))
             .where(is_open()).group_by(bucket))
    if collector_id is not None:
        query = query.where(Account.assigned_to_id == collector_id)
    found = {row.bucket: row for row in db.session.execute(query)}
    buckets = []
    for name, low, high in BUCKETS:
        row = found.get(name)
        buckets.append({"bucket": name, "min_days": low, "max_days": high,
                        "accounts": row.accounts if row else 0,
                        "balance": money(row.balance if row else 0),
                        "amount_due": money(row.amount_due if row else 0)})
    rolls, note = roll_rates(since, collector_id)
    return {"collector": collector_id, "buckets": buckets,
            "accounts": sum(b["accounts"] for b in buckets),
            "balance": money(sum((row.balance for row in found.values()), 0)),
            "amount_due": money(sum((row.amount_due for row in found.values()), 0)),
            "roll_rates": rolls, "roll_rates_note": note}


def _now_bucket():
    """An account's bucket now, or "closed" when it no longer owes."""
    return case((Account.status.in_(CLOSED), "closed"), else_=bucket_of())


def _moves(since: date, collector_id: int | None) -> dict[tuple[str, str], tuple[int, object]]:
    """{(bucket on `since`, bucket now or "closed"): (accounts, their balance on `since`)}."""
    now = _now_bucket()
    query = (select(PortfolioSnapshot.bucket.label("was"), now.label("now"), func.count().label("accounts"),
                    money_sum(PortfolioSnapshot.balance).label("balance"))
             .join(Account, Account.id == PortfolioSnapshot.account_id)
             .where(PortfolioSnapshot.day == since))
    if collector_id is not None:
        query = query.where(Account.assigned_to_id == collector_id)
    query = query.group_by(PortfolioSnapshot.bucket, now)
    return {(row.was, row.now): (row.accounts, row.balance) for row in db.session.execute(query)}


def move_of(was: str, now: str) -> str:
    """forward (a worse bucket), back (a better one), same, or closed (no longer owing)."""
    if now == "closed":
        return "closed"
    rank = NAMES.index
    return "forward" if rank(now) > rank(was) else "back" if rank(now) < rank(was) else "same"


def roll_rates(since: date | None, collector_id: int | None) -> tuple[dict | None, str | None]:
    """(the matrix from `since`'s snapshot to now, None) or (None, why there is none)."""
    if since is None:
        return None, "No start day given."
    if not has_snapshot(since):
        return None, (f"No portfolio snapshot exists for {since.isoformat()}, "
                      "so how the buckets moved since that day is unknown.")
    moves = _moves(since, collector_id)
    rows = [_row(name, moves) for name in NAMES]
    total = {m: sum(r[m] for r in rows) for m in MOVES}
    accounts = sum(r["accounts"] for r in rows)
    return {"since": since.isoformat(), "accounts": accounts, "from": rows,
            **total, **{f"{m}_rate": ratio(total[m], accounts) for m in MOVES}}, None


def _row(was: str, moves: dict) -> dict:
    to = {now: moves.get((was, now), (0, 0))[0] for now in (*NAMES, "closed")}
    accounts = sum(to.values())
    counts = {m: 0 for m in MOVES}
    for now, n in to.items():
        counts[move_of(was, now)] += n
    balance = sum((moves.get((was, now), (0, 0))[1] for now in to), 0)
    return {"bucket": was, "accounts": accounts, "balance": money(balance), "to": to, **counts,
            **{f"{m}_rate": ratio(counts[m], accounts) for m in MOVES}}
