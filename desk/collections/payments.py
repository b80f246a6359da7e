"""Payments: recorded once, taken off the balance, allocated to promises; reversed at most once.

The console, the API and the DMS import all post through `record_payment`, so a payment moves
the account's figures and settles promises the same way wherever it comes from.
"""
from datetime import date

from sqlalchemy import select

from desk import audit
from desk.collections import allocations, balances
from desk.collections.promises import evaluate_promise, reopen
from desk.errors import Conflict, Forbidden, Invalid
from desk.extensions import db
from desk.formatting import day, money
from desk.timeline import log_system
from models import Account, Payment, Promise, User, utcnow


def record_payment(account: Account, data: dict, author: User | None, source: str = "console",
                   today: date | None = None) -> Payment:
    """Post a payment: checked, taken off the balance and amount due, allocated to the open
    promises it may pay, and audited."""
    today = today or date.today()
    balances.lock_account(account)
    reference = _free_reference(account, data.get("reference"))
    _check(account, data, author, today)
    payment = Payment(account_id=account.id, amount=data["amount"], paid_on=data.get("paid_on") or today,
                      reference=reference, source=source, overpayment=bool(data.get("overpayment")),
                      created_by_id=author.id if author else None)
    db.session.add(payment)
    db.session.flush()
    audit.record("payment", payment.id, account.id, {"amount": (None, payment.amount),
                                                     "paid_on": (None, payment.paid_on)}, author)
    before = balances.figures(account)
    balances.apply_payment(account, payment, today)
    _audit_figures(account, before, author)
    given = allocations.allocate(payment)
    log_system(account.id, "payment", _describe(payment, given), payment_id=payment.id).created_by = author
    for promise, _ in given:
        evaluate_promise(promise, today)
    db.session.flush()
    return payment


def _free_reference(account: Account, reference: str | None) -> str | None:
    reference = (reference or "").strip() or None
    if reference and db.session.execute(select(Payment.id).where(
            Payment.account_id == account.id, Payment.reference == reference)).first():
        raise Conflict(f"Payment {reference} is already posted.", {"reference": ["Already posted."]})
    return reference


def _check(account: Account, data: dict, author: User | None, today: date) -> None:
    amount, paid_on = data["amount"], data.get("paid_on") or today
    if amount <= 0:
        raise Invalid("A payment must be more than $0.00.", {"amount": ["Must be more than 0."]})
    if paid_on > today:
        raise Invalid("A payment cannot be dated in the future.",
                      {"paid_on": [f"Must be {today.isoformat()} or earlier."]})
    if amount > account.balance and not data.get("overpayment"):
        raise Invalid(f"{money(amount)} is more than the balance, {money(account.balance)}.",
                      {"amount": [f"Must be at most the balance, {money(account.balance)}, "
                                  "unless an admin accepts it as an overpayment."]})
    if data.get("overpayment") and not (author is None or author.role == "admin"):
        raise Forbidden("Only an admin can accept an overpayment.", {"overpayment": ["Admins only."]})


def _describe(payment: Payment, given) -> str:
    text = f"Payment of {money(payment.amount)} received" + (f" (ref {payment.reference})" if payment.reference else "")
    if given:
        text += "; applied to " + ", ".join(f"{money(amount)} of the promise due {day(promise.due_on)}"
                                            for promise, amount in given)
    return text + "."


def _audit_figures(account: Account, before: dict, author: User | None) -> None:
    audit.record("account", account.id, account.id,
                 {name: (before[name], getattr(account, name)) for name in balances.FIGURES}, author)


def reverse_payment(payment: Payment, reason: str, author: User, today: date | None = None) -> Payment:
    """A returned check, NSF or chargeback: the balance and amount due come back, the payment's
    allocations are released and the promises they had kept reopen (pending, or broken when
    their last day has passed). A payment is reversed at most once."""
    today = today or date.today()
    if author.role != "admin":
        raise Forbidden("Only an admin can reverse a payment.")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the payment is reversed.", {"reason": ["Required."]})
    account = balances.lock_account(db.session.get(Account, payment.account_id))
    db.session.refresh(payment)
    if payment.reversed_at is not None:
        raise Conflict("This payment is already reversed.", {"payment": ["Already reversed."]})
    # The timeline entry comes first: it records who reversed, and it is not work done on the
    # promises that reopen after it (the worklist asks for work since then).
    log_system(account.id, "payment", f"Payment of {money(payment.amount)} of {day(payment.paid_on)} reversed: "
               f"{reason.rstrip('.')}.", payment_id=payment.id).created_by = author
    db.session.flush()
    payment.reversed_at, payment.reversed_by_id, payment.reversal_reason = utcnow(), author.id, reason
    audit.record("payment", payment.id, account.id, {"reversed": (None, reason)}, author)
    before = balances.figures(account)
    balances.restore_payment(account, payment, today)
    _audit_figures(account, before, author)
    for promise_id in allocations.release(payment):
        reopen(db.session.get(Promise, promise_id), today)
    db.session.flush()
    return payment


def account_payments(account_id: int) -> list[Payment]:
    return db.session.execute(
        select(Payment).where(Payment.account_id == account_id)
        .order_by(Payment.paid_on.desc(), Payment.id.desc())).scalars().all()
