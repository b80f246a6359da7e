"""Promises to pay (one, or a plan of installments), payments and their reversals."""
from flask import jsonify, request
from flask_login import current_user

from api import bp
from api.util import admin_only, finds, page
from desk.accounts.records import get_account
from desk.collections.payments import account_payments, record_payment, reverse_payment
from desk.collections.promises import account_promises, add_plan, add_promise, update_promise
from desk.errors import get_or_404
from desk.extensions import db
from desk.schemas.records import (
    PaymentIn,
    PaymentOut,
    PromiseOrPlanIn,
    PromiseOut,
    PromisePatch,
    ReversalIn,
    page_of,
)
from models import Payment, Promise


def _promise(promise_id: int) -> Promise:
    return get_or_404(Promise, promise_id)


def _payment(payment_id: int) -> Payment:
    return get_or_404(Payment, payment_id)


@bp.get("/accounts/<int:account_id>/promises")
@bp.response(200, page_of(PromiseOut))
def list_promises(account_id: int):
    """An account's promises, each with what payments have paid toward it"""
    return page(account_promises(get_account(account_id).id), None)


@bp.post("/accounts/<int:account_id>/promises")
@finds(account=get_account)
@bp.arguments(PromiseOrPlanIn)
@bp.response(201, PromiseOut)
def post_promise(data, account):
    """Add a promise to pay, or an installment plan

    One `{amount, due_on}` answers 201 with the promise; `{installments: [{amount, due_on}, ...]}`
    answers 201 with `{items: [...], next: null}`, one promise per installment sharing a plan_id."""
    if "installments" in data:
        made = add_plan(account, data, current_user)
        db.session.commit()
        return jsonify(page_of(PromiseOut)().dump(page(made, None))), 201
    promise = add_promise(account, data, current_user)
    db.session.commit()
    return promise


@bp.patch("/promises/<int:promise_id>")
@finds(promise=_promise)
@bp.arguments(PromisePatch)
@bp.response(200, PromiseOut)
@bp.refuses(409)
def patch_promise(data, promise):
    """Change or cancel (with cancel_reason) a pending promise"""
    update_promise(promise, data, current_user)
    db.session.commit()
    return promise


@bp.get("/accounts/<int:account_id>/payments")
@bp.response(200, page_of(PaymentOut))
def list_payments(account_id: int):
    """An account's payments, newest first, with their source and reversal"""
    return page(account_payments(get_account(account_id).id), None)


@bp.post("/accounts/<int:account_id>/payments")
@finds(account=get_account)
@bp.arguments(PaymentIn)
@bp.response(201, PaymentOut)
@bp.refuses(403, 409)
def post_payment(data, account):
    """Record a payment (an overpayment needs an admin)"""
    payment = record_payment(account, data, current_user, source=_source())
    db.session.commit()
    return payment


def _source() -> str:
    """A token is an integration; the console's own pages call with the session."""
    return "api" if request.headers.get("Authorization") else "console"


@bp.post("/payments/<int:payment_id>/reversal")
@admin_only
@finds(payment=_payment)
@bp.arguments(ReversalIn)
@bp.response(201, PaymentOut)
@bp.refuses(409)
def post_reversal(data, payment):
    """Reverse a payment: NSF, returned check, chargeback (admin)"""
    reverse_payment(payment, data["reason"], current_user)
    db.session.commit()
    return payment
