"""The admin's Audit log page: every change to money, status, schedule, promises and payments."""
from flask import render_template, request
from flask_login import login_required
from sqlalchemy import select

from console import bp
from desk.audit import list_entries
from desk.extensions import db
from desk.users.auth import admin_required
from models import Account

PAGE_SIZE = 50


@bp.get("/admin/audit")
@login_required
@admin_required
def audit_page():
    """Newest first, paged; `account` (an account number) narrows it to one account."""
    number = request.args.get("account", "").strip()[:40]
    account_id = None
    if number:
        account_id = db.session.execute(select(Account.id).where(Account.number == number)).scalar()
    entries, next_cursor = ([], None) if number and account_id is None else \
        list_entries(account_id, PAGE_SIZE, request.args.get("cursor"))
    return render_template("admin/audit.html", entries=entries, next_cursor=next_cursor, number=number,
                           unknown=bool(number and account_id is None))
