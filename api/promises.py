"""Promises to pay and payments."""
from flask_login import current_user

from api import bp
from api.util import finds, page
from desk.accounts.records import get_account
from desk.collections.payments import record_payment
from desk.collections.promises import account_promises, add_promise, update_promise
from desk.errors import get_or_404
from desk.extensions import db
from desk.schemas.records import PaymentIn, PaymentOut, PromiseIn, PromiseOut, PromisePatch, page_of
from models import Promise


def _promise(promise_id: int) -> Promise:
    return get_or_404(Promise, promise_id)


@bp.get("/accounts/<int:account_id>/promises")
@bp.response(200, page_of(PromiseOut))
def list_promises(account_id: int):
    """An account's promises"""
    return page(account_promises(get_account(account_id).id), None)


@bp.post("/accounts/<int:account_id>/promises")
@finds(account=get_account)
@bp.arguments(PromiseIn)
@bp.response(201, PromiseOut)
def post_promise(data, account):
    """Add a promise to pay"""
    promise = add_promise(account, data, current_user)
    db.session.commit()
    return promise


@bp.patch("/promises/<int:promise_id>")
@finds(promise=_promise)
@bp.arguments(PromisePatch)
@bp.response(200, PromiseOut)
@bp.refuses(409)
def patch_promise(data, promise):
    """Change or cancel a pending promise"""
    update_promise(promise, data, current_user)
    db.session.commit()
    return promise


@bp.post("/accounts/<int:account_id>/payments")
@finds(account=get_account)
@bp.arguments(PaymentIn)
@bp.response(201, PaymentOut)
@bp.refuses(409)
def post_payment(data, account):
    """Record a payment"""
    payment = record_payment(account, data, current_user)
    db.session.commit()
    return payment
