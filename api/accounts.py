"""Accounts: list and search, create, read, change; and who I am."""
from flask import current_app, request, send_file
from flask_login import current_user

from api import bp
from api.util import admin_only, finds, page
from desk.accounts.assignment import assign_account, assign_accounts, check_assignee
from desk.accounts.records import (
    check_admin_fields,
    create_account,
    get_account,
    search_accounts,
    update_account,
)
from desk.extensions import db
from desk.records.export import export_account
from desk.schemas.assignment import AssignIn, AssignOut
from desk.schemas.records import AccountIn, AccountListArgs, AccountOut, MeIn, UserOut, page_of
from desk.users.people import update_own_settings


@bp.get("/accounts")
@bp.arguments(AccountListArgs, location="query")
@bp.response(200, page_of(AccountOut))
def list_accounts(query):
    """Search accounts, ordered by `sort`

    `q` matches a prefix of the name ("Kei Lopez", "Lopez, Kei") or account number, a whole phone
    number, or a phone number's last 4 or more digits ("1022", "555-1022").
    """
    return page(*search_accounts(query["q"], query["assigned_to"], query["limit"], query["cursor"],
                                 query["sort"]))


@bp.post("/accounts")
@bp.arguments(AccountIn)
@bp.response(201, AccountOut)
@bp.refuses(403, 409)
def post_account(data):
    """Create an account (money, status, schedule and collector only by an admin)"""
    check_admin_fields(request.get_json(), current_user)  # the fields given, not the schema's defaults
    account = create_account(data)
    db.session.commit()
    return account


@bp.get("/accounts/<int:account_id>")
@bp.response(200, AccountOut)
def read_account(account_id: int):
    """Read an account"""
    return get_account(account_id)


@bp.patch("/accounts/<int:account_id>")
@finds(account=get_account)
# partial at the top level only: a phone or email given must still be whole
@bp.arguments(AccountIn(partial=tuple(AccountIn().fields)))
@bp.response(200, AccountOut)
@bp.refuses(403, 409)
def patch_account(data, account):
    """Change an account (only the fields given; money, status, schedule and collector only by an admin, audited)"""
    check_admin_fields(data, current_user)
    assigning = "assigned_to" in data
    collector = data.pop("assigned_to", None)
    if assigning:
        check_assignee(collector)
    update_account(account, data, current_user)
    if assigning:
        assign_account(account, collector, current_user)
    db.session.commit()
    return account


@bp.post("/accounts/assign")
@admin_only
@bp.arguments(AssignIn)
@bp.response(200, AssignOut)
def post_assign(data):
    """Assign accounts to a collector, or unassign them (admin); open follow-ups and pending promises move too"""
    count = assign_accounts(data["account_ids"], data["assigned_to"], current_user)
    db.session.commit()
    return {"count": count}


@bp.get("/me")
@bp.response(200, UserOut)
def me():
    """The signed-in user, with how they call and their presence"""
    return current_user


@bp.patch("/me")
@bp.arguments(MeIn)
@bp.response(200, UserOut)
def patch_me(data):
    """Change my own settings: the time zone the console shows me times in, whether saving a
    call's outcome on a queue account opens the next account (auto_next), how I call (call_via;
    `phone` needs my phone number) and whether I am available or away (presence; busy and offline
    are not settable)"""
    update_own_settings(current_user, data)
    db.session.commit()
    return current_user


@bp.get("/accounts/<int:account_id>/export")
@admin_only
@finds(account=get_account)
@bp.response(200, {"type": "string", "format": "binary"}, content_type="application/zip",
             description="account-<number>-<date>.zip (see docs/records.md)")
def export_record(account):
    """The account's whole communication record as one ZIP (admin): timeline, texts with their statuses,
    emails as .eml, calls, promises, payments, the consent ledger and the audit log, with a manifest of
    every file's SHA-256; the export is itself recorded in the audit log and the timeline"""
    if request.method == "HEAD":  # a probe (a link checker, a download manager) exports nothing
        return current_app.response_class(mimetype="application/zip", headers={"Cache-Control": "no-store"})
    name, archive = export_account(account, current_user)
    db.session.commit()
    answer = send_file(archive, mimetype="application/zip", as_attachment=True, download_name=name)
    answer.headers["Cache-Control"] = "no-store"
    return answer
