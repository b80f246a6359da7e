"""One aggregate query per kind of record: its figures grouped by (local day, collector).

Effort is credited to who did it (the call's collector, the text's or email's sender, the
activity's or promise's author); what the customer does (payments, opt-outs) to the collector
the account is assigned to now. docs/reports.md defines every figure.
"""
from sqlalchemy import String, and_, case, cast, func, literal_column, select, type_coerce

from desk.reports.id_lists import distinct_ids
from models import Account, Activity, Allocation, Call, ConsentEvent, Disposition, Email, Message, Payment, Promise
from models.base import Money
from models.calls import NEVER_ANSWERED
from models.promises import PAYMENT_SOURCES

ANSWERED = ("in-progress", "completed")
DELIVERED = ("delivered", "read")


def count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def money_sum(expr, condition=None):
    value = expr if condition is None else case((condition, expr), else_=0)
    return type_coerce(func.coalesce(func.sum(value), 0), Money())


DAY = literal_column("day")  # GROUP BY the select list's day: its CASE is written (and bound) once
WHO = literal_column("who")  # and its collector, a column or a lookup


def collector_now(account_id):
    """The collector an account is assigned to now, looked up row by row: a period's few
    payments or opt-outs each read one account by its key, where a join hashed every account."""
    return select(Account.assigned_to_id).where(Account.id == account_id).scalar_subquery()


def _stamped(period, stamp, who, metrics: dict):
    """SELECT day, who, metrics... of the rows whose `stamp` (a UTC timestamp) is in the period."""
    return (select(period.day_of(stamp).label("day"), who.label("who"),
                   *(expr.label(name) for name, expr in metrics.items()))
            .where(period.contains(stamp)))


def _finish(query, who, collector_id):
    if collector_id is not None:
        query = query.where(who == collector_id)
    return query.group_by(DAY, WHO)


def calls(period, collector_id=None):
    """Outbound calls placed in the period (a call its own collector missed dialled nobody)."""
    missed = and_(Call.status.in_(NEVER_ANSWERED), Call.customer_sid.is_(None))
    query = _stamped(period, Call.created_at, Call.collector_id, {
        "call_attempts": func.count(Call.id),
        "calls_answered": count_if(Call.customer_status.in_(ANSWERED)),
        "talk_seconds": func.coalesce(func.sum(Call.talk_seconds), 0),
    }).select_from(Call).where(Call.direction == "outbound", ~missed)
    return _finish(query, Call.collector_id, collector_id)


def texts(period, collector_id=None):
    """Texts the desk sent in the period, by where their delivery stands now."""
    query = _stamped(period, Message.created_at, Message.sent_by_id, {
        "texts_sent": func.count(),  # count(*): answered from ix_messages_created_sender alone
        "texts_delivered": count_if(Message.status.in_(DELIVERED)),
        "texts_undelivered": count_if(Message.status == "undelivered"),
        "texts_failed": count_if(Message.status == "failed"),
    }).select_from(Message).where(Message.direction == "outbound")
    return _finish(query, Message.sent_by_id, collector_id)


def emails(period, collector_id=None):
    query = _stamped(period, Email.sent_at, Email.sent_by_id, {"emails_sent": func.count(Email.id)}
                     ).select_from(Email).where(Email.status == "sent")
    return _finish(query, Email.sent_by_id, collector_id)


def contacts(period, collector_id=None):
    """Activities people wrote whose disposition reached the customer."""
    query = _stamped(period, Activity.created_at, Activity.created_by_id, {
        "right_party": count_if(Disposition.reached.is_(True)),
    }).select_from(Activity).outerjoin(Disposition, Activity.disposition_id == Disposition.id
                                       ).where(Activity.created_by_id.is_not(None))
    return _finish(query, Activity.created_by_id, collector_id)


def promises(period, collector_id=None):
    """Promises taken in the period, by their status now, and what payments paid toward them."""
    paid = (select(Allocation.promise_id, func.sum(Allocation.amount).label("amount"))
            .where(Allocation.released_at.is_(None)).group_by(Allocation.promise_id).subquery())
    metrics = {"promises_taken": func.count(Promise.id), "promised_amount": money_sum(Promise.amount),
               "promised_paid": money_sum(func.coalesce(paid.c.amount, 0))}
    for status in ("kept", "broken", "pending", "cancelled"):
        metrics[f"promises_{status}"] = count_if(Promise.status == status)
        metrics[f"{status}_amount"] = money_sum(Promise.amount, Promise.status == status)
    query = (_stamped(period, Promise.created_at, Promise.created_by_id, metrics)
             .select_from(Promise).outerjoin(paid, paid.c.promise_id == Promise.id))
    return _finish(query, Promise.created_by_id, collector_id)


def payments(period, collector_id=None):
    """Payments dated in the period (their own date, a local day), by source."""
    metrics = {"payments": func.count(Payment.id), "payments_amount": money_sum(Payment.amount)}
    for source in PAYMENT_SOURCES:
        metrics[f"payments_{source}"] = count_if(Payment.source == source)
        metrics[f"payments_{source}_amount"] = money_sum(Payment.amount, Payment.source == source)
    who = collector_now(Payment.account_id)
    query = (select(cast(Payment.paid_on, String).label("day"), who.label("who"),
                    *(expr.label(name) for name, expr in metrics.items()))
             .select_from(Payment).where(Payment.paid_on >= period.start, Payment.paid_on <= period.end))
    return _finish(query, who, collector_id)


def reversals(period, collector_id=None):
    """Payments reversed in the period (whenever they were paid)."""
    who = collector_now(Payment.account_id)
    query = _stamped(period, Payment.reversed_at, who, {
        "reversals": func.count(Payment.id), "reversed_amount": money_sum(Payment.amount),
    }).select_from(Payment)
    return _finish(query, who, collector_id)


def opt_outs(period, collector_id=None):
    """Opt-outs recorded in the period, per channel."""
    who = collector_now(ConsentEvent.account_id)  # none for a number on no account
    query = _stamped(period, ConsentEvent.created_at, who, {
        f"opt_outs_{channel}": count_if(ConsentEvent.channel == channel) for channel in ("sms", "call", "email")
    }).select_from(ConsentEvent).where(ConsentEvent.action == "opt_out")
    return _finish(query, who, collector_id)


SOURCES = (calls, texts, emails, contacts, promises, payments, reversals, opt_outs)


def worked_accounts(period, collector_id=None):
    """The ids of the accounts each person wrote an activity on, per day."""
    query = _stamped(period, Activity.created_at, Activity.created_by_id, {
        "ids": distinct_ids(Activity.account_id),
    }).select_from(Activity).where(Activity.created_by_id.is_not(None))
    return _finish(query, Activity.created_by_id, collector_id)


def failures(period, collector_id=None):
    """Texts sent in the period that failed or went undelivered, by Twilio error code."""
    query = _stamped(period, Message.created_at, Message.sent_by_id, {"n": func.count()}).select_from(Message).where(
        Message.direction == "outbound", Message.status.in_(("failed", "undelivered")))
    return _finish(query, Message.sent_by_id, collector_id).add_columns(Message.error_code).group_by(Message.error_code)
