"""The portfolio now: open accounts and their dollars by days past due.

Roll rates (how the buckets moved since a date) are not derivable from what the desk stores:
an account's days past due is kept as of now only, and the audit log records it only when money
moves, not as it ages day by day. docs/reports.md says what a snapshot table would need."""
from sqlalchemy import case, func, select

from desk.extensions import db
from desk.reports.sources import money_sum
from desk.reports.summary import money
from models import Account

BUCKETS = (("current", 0, 0), ("1-30", 1, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, None))
CLOSED = ("paid_off", "closed", "charged_off")


def bucket_of():
    """The bucket name of an account's days past due, as an SQL expression."""
    dpd = Account.days_past_due
    return case(*((dpd <= high, name) for name, _low, high in BUCKETS if high is not None), else_="90+")


def portfolio(collector_id: int | None = None) -> dict:
    """Accounts still owing (not paid off, closed or charged off) per bucket: how many, their
    balance and the amount due now."""
    bucket = bucket_of().label("bucket")
    query = (select(bucket, func.count(Account.id).label("accounts"),
                    money_sum(Account.balance).label("balance"),
                    money_sum(Account.amount_due).label("amount_due"))
             .where(Account.status.not_in(CLOSED)).group_by(bucket))
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
    return {"collector": collector_id, "buckets": buckets,
            "accounts": sum(b["accounts"] for b in buckets),
            "balance": money(sum((row.balance for row in found.values()), 0)),
            "amount_due": money(sum((row.amount_due for row in found.values()), 0)),
            "roll_rates": None}
