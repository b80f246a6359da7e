"""Verbs for promises to pay, and the rule that says when one is kept or broken."""
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from desk import settings
from desk.errors import Conflict
from desk.extensions import db
from desk.formatting import day, money
from desk.timeline import log_system
from models import Account, Payment, Promise, User, utcnow


def add_promise(account: Account, data: dict, author: User | None) -> Promise:
    promise = Promise(account_id=account.id, amount=data["amount"], due_on=data["due_on"],
                      assigned_to=data.get("assigned_to") or author, notes=data.get("notes"),
                      created_by=author)
    db.session.add(promise)
    db.session.flush()
    log_system(account.id, "promise", f"Promised {money(promise.amount)} by {day(promise.due_on)}."
               + (f" {promise.notes}" if promise.notes else ""), promise_id=promise.id,
               ).created_by = author
    evaluate_promise(promise)
    return promise


def update_promise(promise: Promise, data: dict, author: User) -> Promise:
    """Change a pending promise, or cancel it; kept and broken promises are history."""
    if promise.status != "pending":
        raise Conflict(f"This promise is {promise.status}; only pending promises change.",
                       {"status": [f"Promise is {promise.status}."]})
    for key in ("amount", "due_on", "notes"):
        if key in data:
            setattr(promise, key, data[key])
    if "assigned_to" in data:
        promise.assigned_to = data["assigned_to"]
    if data.get("status") == "cancelled":
        promise.status, promise.resolved_at = "cancelled", utcnow()
        log_system(promise.account_id, "promise", f"Promise of {money(promise.amount)} cancelled.",
                   promise_id=promise.id).created_by = author
    else:
        evaluate_promise(promise)
    db.session.flush()
    return promise


def paid_toward(promise: Promise) -> Decimal:
    """Payments dated from the promise's creation to its due date plus the grace days."""
    last_day = promise.due_on + timedelta(days=settings.get("promise_grace_days"))
    total = db.session.execute(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.account_id == promise.account_id,
            Payment.paid_on >= promise.created_at.date(), Payment.paid_on <= last_day)
    ).scalar()
    return Decimal(total).quantize(Decimal("0.01"))


def evaluate_promise(promise: Promise, today: date | None = None) -> str:
    """Mark a pending promise kept or broken when the payments or the calendar say so."""
    if promise.status != "pending":
        return promise.status
    today = today or date.today()
    if paid_toward(promise) >= promise.amount:
        _resolve(promise, "kept")
    elif today > promise.due_on + timedelta(days=settings.get("promise_grace_days")):
        _resolve(promise, "broken")
    return promise.status


def _resolve(promise: Promise, status: str) -> None:
    promise.status, promise.resolved_at = status, utcnow()
    log_system(promise.account_id, "promise",
               f"Promise of {money(promise.amount)} due {day(promise.due_on)} {status}.",
               promise_id=promise.id)


def evaluate_account(account_id: int, today: date | None = None) -> None:
    for promise in pending_promises(account_id):
        evaluate_promise(promise, today)


def pending_promises(account_id: int | None = None) -> list[Promise]:
    query = select(Promise).where(Promise.status == "pending")
    if account_id is not None:
        query = query.where(Promise.account_id == account_id)
    return db.session.execute(query.order_by(Promise.due_on, Promise.id)).scalars().all()


def evaluate_due(today: date | None = None) -> int:
    """The daily run: settle every pending promise whose window has closed. Returns how many."""
    today = today or date.today()
    cutoff = today - timedelta(days=settings.get("promise_grace_days"))
    due = db.session.execute(
        select(Promise).where(Promise.status == "pending", Promise.due_on < cutoff)).scalars().all()
    for promise in due:
        evaluate_promise(promise, today)
    return len(due)


def account_promises(account_id: int) -> list[Promise]:
    return db.session.execute(
        select(Promise).where(Promise.account_id == account_id)
        .order_by(Promise.created_at.desc(), Promise.id.desc())).scalars().all()
