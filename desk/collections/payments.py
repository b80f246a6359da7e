"""Recording a payment, which may keep a promise."""
from datetime import date

from sqlalchemy import select

from desk.collections.promises import evaluate_account
from desk.errors import Conflict
from desk.extensions import db
from desk.formatting import money
from desk.timeline import log_system
from models import Account, Payment, User


def record_payment(account: Account, data: dict, author: User | None) -> Payment:
    """Post a payment to the account and settle the promises it keeps."""
    reference = (data.get("reference") or "").strip() or None
    if reference and db.session.execute(select(Payment.id).where(
            Payment.account_id == account.id, Payment.reference == reference)).first():
        raise Conflict(f"Payment {reference} is already posted.", {"reference": ["Already posted."]})
    payment = Payment(account_id=account.id, amount=data["amount"],
                      paid_on=data.get("paid_on") or date.today(), reference=reference,
                      created_by_id=author.id if author else None)
    db.session.add(payment)
    db.session.flush()
    log_system(account.id, "payment", f"Payment of {money(payment.amount)} received"
               + (f" (ref {reference})." if reference else "."), payment_id=payment.id)
    evaluate_account(account.id)
    return payment
