"""Verbs for promises to pay, and the rule that says when one is kept or broken.

A promise is kept when its allocations (desk.collections.allocations) reach its amount by its
due date plus the grace days, and broken when that day passes short. An installment plan is
several promises made at once, each kept or broken on its own.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import undefer

from desk import audit, settings
from desk.collections.allocations import applied_amount
from desk.errors import Conflict, Invalid
from desk.extensions import db
from desk.formatting import day, money
from desk.timeline import log_system
from models import Account, Activity, Promise, PromisePlan, User, utcnow

EDITABLE = ("amount", "due_on", "assigned_to", "notes")


def check_due_on(due_on: date, today: date, field: str = "due_on") -> None:
    """A promise falls due from today to the admin's horizon (promise_horizon_days)."""
    horizon = today + timedelta(days=settings.get("promise_horizon_days"))
    if due_on < today:
        raise Invalid("A promise cannot fall due in the past.", {field: [f"Must be {today.isoformat()} or later."]})
    if due_on > horizon:
        raise Invalid(f"A promise must fall due within {settings.get('promise_horizon_days')} days.",
                      {field: [f"Must be {horizon.isoformat()} or earlier."]})


def check_amount(amount: Decimal, account: Account, field: str = "amount") -> None:
    if amount <= 0:
        raise Invalid("A promise must be for more than $0.00.", {field: ["Must be more than 0."]})
    if amount > account.balance:
        raise Invalid(f"The account's balance is {money(account.balance)}; a promise cannot be for more.",
                      {field: [f"Must be at most the balance, {money(account.balance)}."]})


def check_activity(account: Account, activity_id: int | None) -> None:
    """A promise is linked only to an activity on its own account."""
    if activity_id is None:
        return
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.account_id != account.id:
        raise Invalid("That activity is not on this account.", {"activity_id": ["Not an activity on this account."]})


def add_promise(account: Account, data: dict, author: User | None, today: date | None = None) -> Promise:
    """One promise: amount and due date checked against the balance and the horizon."""
    today = today or date.today()
    check_activity(account, data.get("activity_id"))
    check_amount(data["amount"], account)
    check_due_on(data["due_on"], today)
    return _make(account, data["amount"], data["due_on"], data, author, today)


def add_plan(account: Account, data: dict, author: User | None, today: date | None = None) -> list[Promise]:
    """Installments promised at once: each a promise of its own with the plan's id."""
    today = today or date.today()
    check_activity(account, data.get("activity_id"))
    installments = data["installments"]
    for index, item in enumerate(installments):
        check_due_on(item["due_on"], today, f"installments.{index}.due_on")
        if item["amount"] <= 0:
            raise Invalid("Every installment must be for more than $0.00.",
                          {f"installments.{index}.amount": ["Must be more than 0."]})
    check_amount(sum((item["amount"] for item in installments), Decimal("0.00")), account, "installments")
    plan = PromisePlan(account_id=account.id, created_by_id=author.id if author else None)
    db.session.add(plan)
    db.session.flush()
    ordered = sorted(installments, key=lambda item: item["due_on"])
    return [_make(account, item["amount"], item["due_on"], data, author, today, plan) for item in ordered]


def _make(account: Account, amount: Decimal, due_on: date, data: dict, author: User | None, today: date,
          plan: PromisePlan | None = None) -> Promise:
    promise = Promise(account_id=account.id, amount=amount, due_on=due_on, plan_id=plan.id if plan else None,
                      assigned_to=data.get("assigned_to") or author, notes=data.get("notes"), created_by=author,
                      activity_id=data.get("activity_id"))
    db.session.add(promise)
    db.session.flush()
    part = " (installment of a plan)" if plan else ""
    log_system(account.id, "promise", f"Promised {money(amount)} by {day(due_on)}{part}."
               + (f" {promise.notes}" if promise.notes else ""), promise_id=promise.id).created_by = author
    audit.record("promise", promise.id, account.id, {"amount": (None, amount), "due_on": (None, due_on)}, author)
    evaluate_promise(promise, today)
    db.session.flush()
    return promise


def update_promise(promise: Promise, data: dict, author: User, today: date | None = None) -> Promise:
    """Change a pending promise (amount, due date, assignee, notes), or cancel it with a reason;
    kept and broken promises are history. Every change is audited and on the timeline."""
    today = today or date.today()
    _must_be_pending(promise)
    if data.get("status") == "cancelled":
        return cancel_promise(promise, data.get("cancel_reason"), author)
    account = db.session.get(Account, promise.account_id)
    _check_changes(promise, account, data, today)
    before = {key: getattr(promise, key) for key in EDITABLE}
    for key in EDITABLE:
        if key in data:
            setattr(promise, key, data[key])
    lines = audit.record("promise", promise.id, promise.account_id,
                         {key: (before[key], getattr(promise, key)) for key in EDITABLE}, author)
    if lines:
        log_system(promise.account_id, "promise", f"Promise #{promise.id} changed: " + "; ".join(lines) + ".",
                   promise_id=promise.id).created_by = author
    evaluate_promise(promise, today)
    db.session.flush()
    return promise


def _must_be_pending(promise: Promise) -> None:
    if promise.status != "pending":
        raise Conflict(f"This promise is {promise.status}; only pending promises change.",
                       {"status": [f"Promise is {promise.status}."]})


def _check_changes(promise: Promise, account: Account, data: dict, today: date) -> None:
    if "due_on" in data and data["due_on"] != promise.due_on:
        check_due_on(data["due_on"], today)
    if "amount" in data:
        check_amount(data["amount"], account)
        paid = applied_amount(promise)
        if data["amount"] < paid:
            raise Invalid(f"{money(paid)} has already been paid toward this promise.",
                          {"amount": [f"Must be at least {money(paid)}, already paid."]})


def cancel_promise(promise: Promise, reason: str | None, author: User) -> Promise:
    _must_be_pending(promise)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the promise is cancelled.", {"cancel_reason": ["Required when cancelling."]})
    audit.record("promise", promise.id, promise.account_id, {"status": (promise.status, "cancelled")}, author)
    promise.status, promise.resolved_at, promise.cancel_reason = "cancelled", utcnow(), reason
    log_system(promise.account_id, "promise", f"Promise of {money(promise.amount)} due {day(promise.due_on)} "
               f"cancelled: {reason}", promise_id=promise.id).created_by = author
    db.session.flush()
    return promise


def last_day(promise: Promise) -> date:
    """The last day a payment can keep the promise."""
    return promise.due_on + timedelta(days=settings.get("promise_grace_days"))


def evaluate_promise(promise: Promise, today: date | None = None) -> str:
    """Mark a pending promise kept when its allocations reach its amount, broken when its last
    day has passed short."""
    if promise.status != "pending":
        return promise.status
    today = today or date.today()
    if applied_amount(promise) >= promise.amount:
        _resolve(promise, "kept")
    elif today > last_day(promise):
        _resolve(promise, "broken")
    return promise.status


def reopen(promise: Promise, today: date | None = None) -> str:
    """A kept promise whose payment was reversed: pending again, or broken if its last day has
    passed (the same rule as ever)."""
    if promise.status == "kept":
        audit.record("promise", promise.id, promise.account_id, {"status": ("kept", "pending")}, None)
        promise.status, promise.resolved_at = "pending", None
        log_system(promise.account_id, "promise", f"Promise of {money(promise.amount)} due {day(promise.due_on)} "
                   "reopened: a payment toward it was reversed.", promise_id=promise.id)
    return evaluate_promise(promise, today)


def _resolve(promise: Promise, status: str) -> None:
    audit.record("promise", promise.id, promise.account_id, {"status": (promise.status, status)}, None)
    promise.status, promise.resolved_at = status, utcnow()
    log_system(promise.account_id, "promise",
               f"Promise of {money(promise.amount)} due {day(promise.due_on)} {status}.",
               promise_id=promise.id)


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
    db.session.flush()
    return len(due)


def account_promises(account_id: int) -> list[Promise]:
    """Newest first, each with its applied amount."""
    return db.session.execute(
        select(Promise).where(Promise.account_id == account_id).options(undefer(Promise.applied_amount))
        .order_by(Promise.created_at.desc(), Promise.id.desc())).scalars().all()


@dataclass
class PromiseGroup:
    """A promise on its own, or a plan's installments in due-date order, as the account's page
    lists them (the promises must carry their applied amount, as account_promises loads them)."""

    plan_id: int | None
    promises: list[Promise] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.promises), Decimal("0.00"))

    @property
    def applied(self) -> Decimal:
        return sum((p.applied_amount for p in self.promises), Decimal("0.00"))

    @property
    def statuses(self) -> str:
        """"1 kept, 2 pending": how many installments stand where."""
        counts = Counter(p.status for p in self.promises)
        return ", ".join(f"{counts[s]} {s}" for s in ("kept", "pending", "broken", "cancelled") if counts[s])


def group_promises(promises: list[Promise]) -> list[PromiseGroup]:
    """Keep the given order (newest first); a plan's installments go together, at the place of
    the first of them met."""
    groups: list[PromiseGroup] = []
    plans: dict[int, PromiseGroup] = {}
    for promise in promises:
        if promise.plan_id is None:
            groups.append(PromiseGroup(None, [promise]))
            continue
        if promise.plan_id not in plans:
            plans[promise.plan_id] = PromiseGroup(promise.plan_id)
            groups.append(plans[promise.plan_id])
        plans[promise.plan_id].promises.append(promise)
    for group in plans.values():
        group.promises.sort(key=lambda p: (p.due_on, p.id))
    return groups
