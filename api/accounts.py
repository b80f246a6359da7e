"""Accounts: list and search, create, read, change."""
from flask_login import current_user

from api import bp
from api.util import args, body, listing
from desk.accounts.records import create_account, get_account, search_accounts, update_account
from desk.extensions import db
from desk.schemas.records import AccountIn, AccountListArgs, AccountOut


@bp.get("/accounts")
def list_accounts():
    query = args(AccountListArgs())
    rows, next_cursor = search_accounts(query["q"], query["assigned_to"], query["limit"], query["cursor"])
    return listing(AccountOut(), rows, next_cursor)


@bp.post("/accounts")
def post_account():
    account = create_account(body(AccountIn()))
    db.session.commit()
    return AccountOut().dump(account), 201


@bp.get("/accounts/<int:account_id>")
def read_account(account_id: int):
    return AccountOut().dump(get_account(account_id))


@bp.patch("/accounts/<int:account_id>")
def patch_account(account_id: int):
    account = get_account(account_id)
    # partial at the top level only: a phone or email given must still be whole
    update_account(account, body(AccountIn(), partial=tuple(AccountIn().fields)))
    db.session.commit()
    return AccountOut().dump(account)


@bp.get("/me")
def me():
    from desk.schemas.records import UserOut

    return UserOut().dump(current_user)
