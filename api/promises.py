"""Promises to pay and payments."""
from flask_login import current_user

from api import bp
from api.util import body
from desk.accounts.records import get_account
from desk.collections.payments import record_payment
from desk.collections.promises import account_promises, add_promise, update_promise
from desk.errors import get_or_404
from desk.extensions import db
from desk.schemas.records import PaymentIn, PaymentOut, PromiseIn, PromiseOut, PromisePatch
from models import Promise


@bp.get("/accounts/<int:account_id>/promises")
def list_promises(account_id: int):
    account = get_account(account_id)
    return {"items": PromiseOut().dump(account_promises(account.id), many=True), "next": None}


@bp.post("/accounts/<int:account_id>/promises")
def post_promise(account_id: int):
    account = get_account(account_id)
    promise = add_promise(account, body(PromiseIn()), current_user)
    db.session.commit()
    return PromiseOut().dump(promise), 201


@bp.patch("/promises/<int:promise_id>")
def patch_promise(promise_id: int):
    promise = get_or_404(Promise, promise_id)
    update_promise(promise, body(PromisePatch()), current_user)
    db.session.commit()
    return PromiseOut().dump(promise)


@bp.post("/accounts/<int:account_id>/payments")
def post_payment(account_id: int):
    account = get_account(account_id)
    payment = record_payment(account, body(PaymentIn()), current_user)
    db.session.commit()
    return PaymentOut().dump(payment), 201
