"""An account's figures: balance, amount due, days past due and status, moved by payments,
reversals and the payment schedule.

With a schedule (payment_amount, payment_frequency, next_due_on), each due date that passes adds
one payment to the amount due (never more than the balance), and days past due count from the
oldest installment the amount due still covers. Without one, days past due count from `due_on`.
Statuses other than current, delinquent and paid_off (repo, charged_off, closed) are an admin's
or the DMS's call and are never changed here.
"""
import calendar
import math
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from desk import audit
from desk.extensions import db
from models import Account, Payment, utcnow

ZERO = Decimal("0.00")
MOVABLE_STATUSES = ("current", "delinquent", "paid_off")
FIGURES = ("balance", "amount_due", "due_on", "days_past_due", "status", "next_due_on")


def lock_account(account: Account) -> Account:
    """Take the account's row for this transaction before reading what a payment depends on:
    an UPDATE locks the row on PostgreSQL and takes SQLite's write lock, so two payments to one
    account are applied one after the other, never from the same stale balance."""
    db.session.execute(update(Account).where(Account.id == account.id).values(updated_at=utcnow()))
    db.session.refresh(account)
    return account


def figures(account: Account) -> dict:
    return {name: getattr(account, name) for name in FIGURES}


def apply_payment(account: Account, payment: Payment, today: date) -> None:
    """Take the payment off the balance and the amount due (never below zero), remembering how
    much it took so a reversal puts back exactly that."""
    new_balance = max(ZERO, account.balance - payment.amount)
    new_due = min(max(ZERO, account.amount_due - payment.amount), new_balance)
    payment.balance_applied = account.balance - new_balance
    payment.due_applied = account.amount_due - new_due
    account.balance, account.amount_due = new_balance, new_due
    refresh_delinquency(account, today)


def restore_payment(account: Account, payment: Payment, today: date) -> None:
    """A reversal: the balance and amount due come back by what the payment took."""
    account.balance += payment.balance_applied
    account.amount_due += payment.due_applied
    refresh_delinquency(account, today)


def reapply_payments_after(account: Account, as_of: date, today: date | None = None) -> int:
    """The account's figures were just set as of `as_of` (a DMS import): the desk's own payments
    dated later are not in them, so each is taken off again. Returns how many."""
    today = today or date.today()
    later = db.session.execute(select(Payment).where(
        Payment.account_id == account.id, Payment.paid_on > as_of, Payment.reversed_at.is_(None))
        .order_by(Payment.paid_on, Payment.id)).scalars().all()
    for payment in later:
        apply_payment(account, payment, today)
    return len(later)


def step(day: date, frequency: str, count: int = 1) -> date:
    """The due date `count` periods after (or before, when negative) `day`."""
    if frequency == "weekly":
        return day + timedelta(weeks=count)
    if frequency == "biweekly":
        return day + timedelta(weeks=2 * count)
    if frequency == "monthly":
        return _add_months(day, count)
    if frequency == "semimonthly":
        return _add_half_months(day, count)
    raise ValueError(f"unknown payment frequency {frequency!r}")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _add_half_months(day: date, halves: int) -> date:
    """Semimonthly dates are a day of the month and the day 15 days later (the 1st and 16th,
    the 15th and 30th, ...; the later one held to the month's end)."""
    first = day.day if day.day <= 15 else day.day - 15
    half = 0 if day.day <= 15 else 1
    months, half = divmod(half + halves, 2)
    base = _add_months(day.replace(day=1), months)
    last = calendar.monthrange(base.year, base.month)[1]
    return base.replace(day=min(first + 15 * half, last))


def fill_next_due(account: Account, today: date) -> None:
    """A schedule given without its next due date: the first due date after today, counted in
    periods from the due date of the amount due."""
    if account.next_due_on or not (account.payment_amount and account.payment_frequency and account.due_on):
        return
    upcoming = account.due_on
    while upcoming <= today:
        upcoming = step(upcoming, account.payment_frequency)
    account.next_due_on = upcoming


def has_schedule(account: Account) -> bool:
    return bool(account.payment_amount and account.payment_amount > 0 and account.payment_frequency
                and account.next_due_on)


def roll_schedule(account: Account, today: date) -> int:
    """Every due date up to today adds one payment to the amount due; returns how many passed."""
    if not has_schedule(account):
        return 0
    passed = 0
    while account.next_due_on <= today:
        account.amount_due = min(account.balance, account.amount_due + account.payment_amount)
        account.next_due_on = step(account.next_due_on, account.payment_frequency)
        passed += 1
    refresh_delinquency(account, today)
    return passed


def refresh_delinquency(account: Account, today: date) -> None:
    """Days past due and status from the amount due and the schedule."""
    if account.amount_due <= ZERO:
        account.days_past_due = 0
    elif has_schedule(account):
        unpaid = math.ceil(account.amount_due / account.payment_amount)
        account.due_on = step(account.next_due_on, account.payment_frequency, -unpaid)
        account.days_past_due = max(0, (today - account.due_on).days)
    elif account.due_on:
        account.days_past_due = max(0, (today - account.due_on).days)
    if account.status in MOVABLE_STATUSES:
        account.status = _status(account)


def _status(account: Account) -> str:
    if account.balance <= ZERO:
        return "paid_off"
    return "delinquent" if account.days_past_due > 0 else "current"


def roll_all(today: date | None = None) -> int:
    """The daily run: move every scheduled account whose next due date has come. Each account
    is changed under its own lock and audited as a system change. Returns how many moved."""
    today = today or date.today()
    ids = db.session.execute(select(Account.id).where(Account.next_due_on <= today)).scalars().all()
    moved = 0
    for account_id in ids:
        account = lock_account(db.session.get(Account, account_id))
        before = figures(account)
        if roll_schedule(account, today):
            moved += 1
            audit.record("account", account.id, account.id,
                         {name: (before[name], getattr(account, name)) for name in FIGURES}, None)
        db.session.commit()
    return moved
