"""Promises to pay (one, or a plan of installments), payments and their reversals."""
from flask import request
from flask_login import current_user

from api import bp
from api.util import body
from desk.accounts.records import get_account
from desk.collections.payments import account_payments, record_payment, reverse_payment
from desk.collections.promises import account_promises, add_plan, add_promise, update_promise
from desk.errors import get_or_404
from desk.extensions import db
from desk.schemas.records import (
    PaymentIn,
    PaymentOut,
    PlanIn,
    PromiseIn,
    PromiseOut,
    PromisePatch,
    ReversalIn,
)
from models import Payment, Promise


@bp.get("/accounts/<int:account_id>/promises")
def list_promises(account_id: int):
    account = get_account(account_id)
    return {"items": PromiseOut().dump(account_promises(account.id), many=True), "next": None}


@bp.post("/accounts/<int:account_id>/promises")
def post_promise(account_id: int):
    """One promise `{amount, due_on, ...}`, or a plan `{installments: [...], ...}` answered as
    `{items: [...]}`."""
    account = get_account(account_id)
    data = request.get_json(silent=True)
    if isinstance(data, dict) and "installments" in data:
        made = add_plan(account, body(PlanIn()), current_user)
        db.session.commit()
        return {"items": PromiseOut().dump(made, many=True), "next": None}, 201
    promise = add_promise(account, body(PromiseIn()), current_user)
    db.session.commit()
    return PromiseOut().dump(promise), 201


@bp.patch("/promises/<int:promise_id>")
def patch_promise(promise_id: int):
    promise = get_or_404(Promise, promise_id)
    update_promise(promise, body(PromisePatch()), current_user)
    db.session.commit()
    return PromiseOut().dump(promise)


@bp.get("/accounts/<int:account_id>/payments")
def list_payments(account_id: int):
    account = get_account(account_id)
    return {"items": PaymentOut().dump(account_payments(account.id), many=True), "next": None}


@bp.post("/accounts/<int:account_id>/payments")
def post_payment(account_id: int):
    account = get_account(account_id)
    payment = record_payment(account, body(PaymentIn()), current_user, source=_source())
    db.session.commit()
    return PaymentOut().dump(payment), 201


def _source() -> str:
    """A token is an integration; the console's own pages call with the session."""
    return "api" if request.headers.get("Authorization") else "console"


@bp.post("/payments/<int:payment_id>/reversal")
def post_reversal(payment_id: int):
    """An admin reverses a payment (NSF, returned check, chargeback) with a reason."""
    payment = get_or_404(Payment, payment_id)
    reverse_payment(payment, body(ReversalIn())["reason"], current_user)
    db.session.commit()
    return PaymentOut().dump(payment), 201
