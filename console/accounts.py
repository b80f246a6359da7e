"""Accounts list, worklist, and the account page with its quick actions."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from console import bp
from console.forms import checkbox, form_data
from console.quick_actions import QUICK_ACTIONS
from desk.accounts.last_contact import last_contacts
from desk.accounts.records import get_account, search_accounts
from desk.collections.allocations import promise_allocations
from desk.collections.balances import has_schedule
from desk.collections.dispositions import list_dispositions
from desk.collections.payments import account_payments, record_payment
from desk.collections.promises import account_promises, add_promise, group_promises
from desk.collections.worklist import worklist
from desk.compliance.contactability import contactability
from desk.extensions import db
from desk.schemas.records import ActivityIn, PaymentIn, PromiseIn
from desk.sms import conversations
from desk.timeline import list_activities, record_activity
from desk.users.people import active_collectors, active_users
from models import ACTIVITY_TYPES

FILTERS = [("", "All"), ("call", "Calls"), ("sms", "SMS"), ("email", "Email"), ("note", "Notes"),
           ("promise", "Promises"), ("payment", "Payments")]


@bp.get("/")
@login_required
def index():
    return redirect(url_for("console.worklist_page"))


@bp.get("/accounts")
@login_required
def accounts():
    q = request.args.get("q", "")[:100]
    mine = request.args.get("mine") == "1"
    sort = request.args.get("sort") or "name"
    rows, next_cursor = search_accounts(q, current_user.id if mine else None, 50,
                                        request.args.get("cursor"), sort)
    collectors = active_collectors() if current_user.is_admin else []  # who an admin can assign to
    return render_template("accounts.html", accounts=rows, q=q, mine=mine, next_cursor=next_cursor,
                           sort=sort, last_contact=last_contacts([a.id for a in rows]), collectors=collectors)


@bp.get("/worklist")
@login_required
def worklist_page():
    sort = request.args.get("sort") or None
    items, next_cursor = worklist(current_user, limit=50, cursor=request.args.get("cursor"), sort=sort)
    return render_template("worklist.html", items=items, next_cursor=next_cursor, sort=sort or "",
                           last_contact=last_contacts([item.account.id for item in items]))


@bp.get("/accounts/<int:account_id>")
@login_required
def account(account_id: int):
    return account_page(account_id)


def account_page(account_id: int, **windows):
    """The account page; `windows` carries a refused quick-action form (its values and errors)
    so the page opens with that window and the error in it."""
    account = get_account(account_id)
    if conversations.mark_read(account.id):  # the page shows the whole thread: nothing is unread
        db.session.commit()
    tab = request.args.get("tab", "collections")
    kind = request.args.get("type", "")
    types = [kind] if kind in ACTIVITY_TYPES else []
    activities, next_cursor = list_activities(account, types, 100, request.args.get("cursor"))
    promises = account_promises(account.id)
    payments = account_payments(account.id)
    return render_template(
        "account/page.html", account=account, tab=tab, kind=kind if types else "", filters=FILTERS,
        activities=activities, next_cursor=next_cursor, promises=promises,
        promise_groups=group_promises(promises), payments=payments,
        allocations=promise_allocations([p.id for p in promises]), payments_by_id={p.id: p for p in payments},
        has_schedule=has_schedule(account),
        dispositions=list_dispositions(), users=active_users(),
        collectors=active_collectors() if current_user.is_admin else [], quick_actions=QUICK_ACTIONS,
        contact=contactability(account), from_queue=request.args.get("queue") == "1", **windows,
    )


@bp.post("/accounts/<int:account_id>/activities")
@login_required
def add_activity(account_id: int):
    account = get_account(account_id)
    data = ActivityIn().load(form_data("type", "disposition", "notes", "assigned_to",
                                       "follow_up_on", "call_id"))
    record_activity(account, data, current_user)
    db.session.commit()
    flash("Activity saved.", "ok")
    return redirect(url_for("console.account", account_id=account.id))


@bp.post("/accounts/<int:account_id>/promises")
@login_required
def add_promise_form(account_id: int):
    account = get_account(account_id)
    promise = add_promise(account, PromiseIn().load(form_data("amount", "due_on", "assigned_to", "notes")),
                          current_user)
    db.session.commit()
    flash(f"Promise to pay ${promise.amount:,.2f} by {promise.due_on:%b %d} saved.", "ok")
    return redirect(url_for("console.account", account_id=account.id))


@bp.post("/accounts/<int:account_id>/payments")
@login_required
def add_payment_form(account_id: int):
    account = get_account(account_id)
    data = form_data("amount", "paid_on", "reference")
    if checkbox("overpayment"):
        data["overpayment"] = True
    payment = record_payment(account, PaymentIn().load(data), current_user)
    db.session.commit()
    flash(f"Payment of ${payment.amount:,.2f} recorded.", "ok")
    return redirect(url_for("console.account", account_id=account.id, tab="promises"))
