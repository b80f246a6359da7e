"""Admins assign accounts from the accounts list (many at once) and the account page."""
from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from console import bp
from desk.accounts.assignment import assign_accounts
from desk.extensions import db
from desk.schemas.assignment import AssignIn
from desk.users.auth import admin_required

NOBODY = "none"


def _chosen_collector() -> str | None:
    value = request.form.get("assigned_to", "").strip()
    return None if value == NOBODY else value


@bp.post("/accounts/assign")
@login_required
@admin_required
def assign_form():
    ids = [v for v in request.form.getlist("account_ids") if v.strip()]
    data = AssignIn().load({"account_ids": ids, "assigned_to": _chosen_collector()})
    count = assign_accounts(data["account_ids"], data["assigned_to"], current_user)
    db.session.commit()
    who = data["assigned_to"].name if data["assigned_to"] else "nobody"
    flash(f"{count} account{'s' if count != 1 else ''} assigned to {who}.", "ok")
    return redirect(request.referrer or url_for("console.accounts"))


@bp.post("/accounts/<int:account_id>/assign")
@login_required
@admin_required
def assign_one_form(account_id: int):
    data = AssignIn().load({"account_ids": [account_id], "assigned_to": _chosen_collector()})
    assign_accounts(data["account_ids"], data["assigned_to"], current_user)
    db.session.commit()
    flash(f"Assigned to {data['assigned_to'].name if data['assigned_to'] else 'nobody'}.", "ok")
    return redirect(url_for("console.account", account_id=account_id))
