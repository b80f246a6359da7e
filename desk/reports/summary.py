"""The summary of a period: effort, contact, promises, money, texts and opt-outs, in all, by day
and by collector. Each source sums per (day, collector), read from day sheets for settled days
and from the records for the rest; totals are sums of those sums, rates are worked out from the
totals, and accounts worked are counted from the union of each cell's accounts."""
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from desk.extensions import db
from desk.reports import sheets
from desk.reports.period import Period
from desk.reports.tally import Tally, accounts_worked, failures_by_code, read_tally
from models import User
from models.base import utcnow
from models.promises import PAYMENT_SOURCES
from telephony.errors import explain

MONEY = Decimal("0.01")


def gather(period: Period, collector_id: int | None) -> Tally:
    """The period's tally: settled days from their sheets, the rest from the records."""
    settled = sheets.settled_days(period, utcnow())
    found = sheets.kept_tally(period.zone, settled).narrowed(collector_id)
    if len(settled) < len(period.days):
        found.merge(read_tally(Period(period.days[len(settled)], period.end, period.zone), collector_id))
    return found


def add_up(cells) -> dict:
    total: dict = {}
    for cell in cells:
        for name, value in cell.items():
            total[name] = total.get(name, 0) + value
    return total


def ratio(part, whole) -> float | None:
    return None if not whole else round(float(part) / float(whole), 4)


def money(value) -> str:
    return str(Decimal(value or 0).quantize(MONEY))


def flat(figures: dict, accounts_worked: int) -> dict:
    """One row of the by-day or by-collector table."""
    row = {name: (money(value) if name.endswith("amount") or name == "promised_paid" else value)
           for name, value in figures.items()}
    for name in NAMES:
        row.setdefault(name, "0.00" if name.endswith("amount") or name == "promised_paid" else 0)
    row["accounts_worked"] = accounts_worked
    row.update(rates(figures))
    return row


def rates(f: dict) -> dict:
    finished = f.get("texts_delivered", 0) + f.get("texts_undelivered", 0) + f.get("texts_failed", 0)
    return {
        "contact_rate": ratio(f.get("right_party", 0), f.get("call_attempts", 0)),
        "delivery_rate": ratio(f.get("texts_delivered", 0), finished),
        "kept_rate": ratio(f.get("promises_kept", 0), f.get("promises_kept", 0) + f.get("promises_broken", 0)),
        "kept_rate_amount": ratio(f.get("kept_amount", 0), f.get("kept_amount", 0) + f.get("broken_amount", 0)),
    }


NAMES = ("call_attempts", "calls_answered", "talk_seconds", "texts_sent", "texts_delivered",
         "texts_undelivered", "texts_failed", "emails_sent", "right_party", "promises_taken",
         "promised_amount", "promises_kept", "kept_amount", "promises_broken", "broken_amount",
         "promises_pending", "pending_amount", "promises_cancelled", "cancelled_amount", "promised_paid",
         "payments", "payments_amount", *(f"payments_{s}{x}" for s in PAYMENT_SOURCES for x in ("", "_amount")),
         "reversals", "reversed_amount", "opt_outs_sms", "opt_outs_call", "opt_outs_email")


def nested(f: dict, accounts_worked: int, failed_codes: list) -> dict:
    """The totals in the shape of the API's answer."""
    r = rates(f)
    g = f.get
    return {
        "calls": {"attempts": g("call_attempts", 0), "answered": g("calls_answered", 0),
                  "talk_seconds": g("talk_seconds", 0)},
        "texts": {"sent": g("texts_sent", 0), "delivered": g("texts_delivered", 0),
                  "undelivered": g("texts_undelivered", 0), "failed": g("texts_failed", 0),
                  "delivery_rate": r["delivery_rate"], "failures": failed_codes},
        "emails": {"sent": g("emails_sent", 0)},
        "contacts": {"right_party": g("right_party", 0), "rate": r["contact_rate"],
                     "accounts_worked": accounts_worked},
        "promises": {"taken_count": g("promises_taken", 0), "taken_amount": money(g("promised_amount")),
                     "kept_count": g("promises_kept", 0), "kept_amount": money(g("kept_amount")),
                     "broken_count": g("promises_broken", 0), "broken_amount": money(g("broken_amount")),
                     "pending_count": g("promises_pending", 0), "pending_amount": money(g("pending_amount")),
                     "cancelled_count": g("promises_cancelled", 0),
                     "cancelled_amount": money(g("cancelled_amount")),
                     "kept_rate": r["kept_rate"], "kept_rate_amount": r["kept_rate_amount"],
                     "paid_amount": money(g("promised_paid"))},
        "payments": {"count": g("payments", 0), "amount": money(g("payments_amount")),
                     "by_source": {s: {"count": g(f"payments_{s}", 0), "amount": money(g(f"payments_{s}_amount"))}
                                   for s in PAYMENT_SOURCES},
                     "reversed_count": g("reversals", 0), "reversed_amount": money(g("reversed_amount"))},
        "opt_outs": {c: g(f"opt_outs_{c}", 0) for c in ("sms", "call", "email")},
    }


def _failures(tally: Tally) -> list[dict]:
    return [{"code": code, "count": n, "explanation": explain(code)} for code, n in failures_by_code(tally)]


def collectors(ids) -> list[User]:
    """Everyone with figures, and every active collector (a row of zeros says something too)."""
    query = select(User).where((User.id.in_(ids)) | ((User.role == "collector") & User.active.is_(True)))
    return db.session.execute(query.order_by(User.name)).scalars().all()


def summary(period: Period, collector_id: int | None = None, own_row_only: int | None = None) -> dict:
    """The period's figures; `collector_id` narrows every figure to one collector;
    `own_row_only` keeps just that collector's row in by_collector (what a collector may see)."""
    found = gather(period, collector_id)
    by_day = defaultdict(list)
    by_who = defaultdict(list)
    for (day, who), figures in found.cells.items():
        by_day[day].append(figures)
        by_who[who].append(figures)
    worked_all, worked_day, worked_who = accounts_worked(found)
    people = [u for u in collectors([w for w in by_who if w is not None])
              if (collector_id is None or u.id == collector_id) and (own_row_only in (None, u.id))]
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(), "zone": period.zone},
        "collector": collector_id,
        **nested(add_up(found.cells.values()), worked_all, _failures(found)),
        "by_day": [{"day": day.isoformat(), **flat(add_up(by_day.get(day.isoformat(), [])),
                                                   worked_day.get(day.isoformat(), 0))}
                   for day in period.days],
        "by_collector": [{"collector_id": u.id, "name": u.name, **flat(add_up(by_who.get(u.id, [])),
                                                                        worked_who.get(u.id, 0))}
                         for u in people],
    }
