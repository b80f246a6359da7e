"""Which payment paid how much of which promise: each payment is counted once.

A payment goes to the account's open promises in due-date order (then creation order): it
counts toward one promise until that promise is satisfied, and the rest goes to the next. A
promise can be paid by a payment dated from the day the promise was made to its due date plus
the grace days; what no promise needs stays with the payment, unallocated.
"""
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from desk import settings
from desk.extensions import db
from models import Allocation, Payment, Promise, utcnow

ZERO = Decimal("0.00")


def applied_amounts(promise_ids: list[int]) -> dict[int, Decimal]:
    """Each promise's `Promise.applied_amount` (its live allocations' sum, defined once on the
    model), read now rather than from a loaded promise (0.00 for none)."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if promise_ids:
        rows = db.session.execute(select(Promise.id, Promise.applied_amount).where(Promise.id.in_(promise_ids)))
        for promise_id, total in rows:
            totals[promise_id] = Decimal(total).quantize(ZERO)
    return totals


def applied_amount(promise: Promise) -> Decimal:
    return applied_amounts([promise.id])[promise.id]


def allocated_from(payment: Payment) -> Decimal:
    total = db.session.execute(select(func.coalesce(func.sum(Allocation.amount), 0)).where(
        Allocation.payment_id == payment.id, Allocation.released_at.is_(None))).scalar()
    return Decimal(total).quantize(ZERO)


def payable_promises(payment: Payment) -> list[Promise]:
    """The account's pending promises this payment may pay, in the order it pays them."""
    earliest_due = payment.paid_on - timedelta(days=settings.get("promise_grace_days"))
    candidates = db.session.execute(
        select(Promise).where(Promise.account_id == payment.account_id, Promise.status == "pending",
                              Promise.due_on >= earliest_due)
        .order_by(Promise.due_on, Promise.created_at, Promise.id)).scalars().all()
    return [p for p in candidates if p.created_at.date() <= payment.paid_on]


def allocate(payment: Payment) -> list[tuple[Promise, Decimal]]:
    """Spread what is left of the payment over the promises it may pay; returns what each got."""
    left = payment.amount - allocated_from(payment)
    promises = payable_promises(payment)
    applied = applied_amounts([p.id for p in promises])
    given = []
    for promise in promises:
        if left <= ZERO:
            break
        take = min(left, promise.amount - applied[promise.id])
        if take <= ZERO:
            continue
        db.session.add(Allocation(payment_id=payment.id, promise_id=promise.id, amount=take))
        given.append((promise, take))
        left -= take
    db.session.flush()
    return given


def release(payment: Payment) -> list[int]:
    """Undo a payment's allocations (kept as history); returns the promises they paid."""
    rows = db.session.execute(select(Allocation).where(
        Allocation.payment_id == payment.id, Allocation.released_at.is_(None))).scalars().all()
    now = utcnow()
    for row in rows:
        row.released_at = now
    db.session.flush()
    return [row.promise_id for row in rows]


def promise_allocations(promise_ids: list[int]) -> dict[int, list[Allocation]]:
    """Every allocation (live and released) of these promises, oldest first."""
    found: dict[int, list[Allocation]] = defaultdict(list)
    if promise_ids:
        for row in db.session.execute(select(Allocation).where(Allocation.promise_id.in_(promise_ids))
                                      .order_by(Allocation.id)).scalars():
            found[row.promise_id].append(row)
    return found
