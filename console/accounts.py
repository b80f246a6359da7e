"""Accounts list, worklist, and the account page with its quick actions."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from console import bp
from console.forms import checkbox, form_data
from console.quick_actions import QUICK_ACTIONS
from console.refusals import field_errors, refusal
from desk.accounts.last_contact import last_contacts
from desk.accounts.phones import pretty
from desk.accounts.records import get_account, search_accounts, update_account
from desk.collections.allocations import promise_allocations
from desk.collections.balances import has_schedule
from desk.collections.dispositions import list_dispositions
from desk.collections.payments import account_payments, record_payment
from desk.collections.promises import account_promises, add_promise, group_promises
from desk.collections.worklist import worklist
from desk.compliance import call_consent
from desk.compliance.contactability import contactability, open_now_by_account
from desk.compliance.prerecorded_consent import HOW_LABELS, change_prerecorded_consent
from desk.errors import DeskError, NotFound
from desk.extensions import db
from desk.schemas.records import AccountIn, ActivityIn, CallOptOutIn, PaymentIn, PrerecordedConsentIn, PromiseIn
from desk.sms import conversations
from desk.templates.versions import LANGUAGE_NAMES
from desk.timeline import leads_to_promise, list_activities
from desk.users.people import active_collectors, active_users
from models import ACTIVITY_TYPES, CONSENT_HOWS, Activity

FILTERS = [("", "All"), ("call", "Calls"), ("sms", "SMS"), ("email", "Email"), ("note", "Notes"),
           ("visit", "Visits"), ("promise", "Promises"), ("payment", "Payments")]


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
                           sort=sort, last_contact=last_contacts([a.id for a in rows]), collectors=collectors,
                           open_now=open_now_by_account(rows))


@bp.get("/worklist")
@login_required
def worklist_page():
    sort = request.args.get("sort") or None
    items, next_cursor = worklist(current_user, limit=50, cursor=request.args.get("cursor"), sort=sort)
    return render_template("worklist.html", items=items, next_cursor=next_cursor, sort=sort or "",
                           last_contact=last_contacts([item.account.id for item in items]),
                           open_now=open_now_by_account([item.account for item in items]))


@bp.get("/accounts/<int:account_id>")
@login_required
def account(account_id: int):
    return account_page(account_id)


def account_page(account_id: int, tab: str | None = None, **windows):
    """The account page; `windows` carries a refused quick-action form (its values and errors)
    so the page opens with that window and the error in it; `tab` opens a tab other than ?tab=."""
    account = get_account(account_id)
    if conversations.mark_read(account.id):  # the page shows the whole thread: nothing is unread
        db.session.commit()
    tab = tab or request.args.get("tab", "collections")
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
        contact=contactability(account), from_queue=_from_queue(),
        consent_hows=CONSENT_HOWS, consent_labels=HOW_LABELS,
        call_opt_out_hows=call_consent.PERSON_HOWS, call_opt_out_labels=call_consent.HOW_LABELS,
        **{**_promise_after_activity(account), **windows},
    )


def _from_queue() -> bool:
    """The page was opened from the work queue (?queue=1), or a form sent from such a page
    carries `queue=1`: the queue bar is shown."""
    return request.args.get("queue") == "1" or request.form.get("queue") == "1"


def _promise_after_activity(account) -> dict:
    """?promise_for=<activity id>: the Add Promise to Pay window opens by itself, linked to that
    activity (the Promise to Pay disposition was just saved)."""
    activity_id = request.args.get("promise_for", "")
    activity = db.session.get(Activity, int(activity_id)) if activity_id.isdigit() and len(activity_id) < 10 else None
    if activity is None or activity.account_id != account.id:
        return {}
    return {"promise_form": {"typed": {"activity_id": str(activity.id)}, "errors": {}, "message": None,
                             "activity": activity}}


@bp.post("/accounts/<int:account_id>/activities")
@login_required
def add_activity(account_id: int):
    account = get_account(account_id)
    typed = form_data("type", "disposition", "notes", "assigned_to", "follow_up_on", "call_id", "stop_calling")
    try:
        activity = call_consent.record_activity_with_opt_out(account, ActivityIn().load(typed), current_user)
    except (DeskError, ValidationError) as exc:
        db.session.rollback()
        g.refused = True  # nothing was done: the form's one-time key is given back
        return account_page(account_id, activity_form=refusal(exc, typed)), 422
    db.session.commit()
    queue = "1" if _from_queue() else None
    if leads_to_promise(activity):
        flash("Activity saved. Now the promise to pay.", "ok")
        return redirect(url_for("console.account", account_id=account.id, promise_for=activity.id, queue=queue))
    flash("Activity saved.", "ok")
    # worked=1: the account was just worked from the queue; queue.js opens the next at once for a
    # collector with auto_next on.
    return redirect(url_for("console.account", account_id=account.id, queue=queue, worked=queue))


@bp.post("/accounts/<int:account_id>/promises")
@login_required
def add_promise_form(account_id: int):
    account = get_account(account_id)
    typed = form_data("amount", "due_on", "assigned_to", "notes", "activity_id")
    try:
        promise = add_promise(account, PromiseIn().load(typed), current_user)
    except (DeskError, ValidationError) as exc:
        db.session.rollback()
        g.refused = True
        return account_page(account_id, promise_form=refusal(exc, typed)), 422
    db.session.commit()
    flash(f"Promise to pay ${promise.amount:,.2f} by {promise.due_on:%b %d} saved.", "ok")
    if _from_queue():  # back to the queue bar, as after Add Activity
        return redirect(url_for("console.account", account_id=account.id, queue="1", worked="1"))
    return redirect(url_for("console.account", account_id=account.id, tab="promises"))


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


@bp.post("/accounts/<int:account_id>/phones/<int:phone_id>/prerecorded-consent")
@login_required
def prerecorded_consent_form(account_id: int, phone_id: int):
    """Record a phone's consent to prerecorded messages given (given=1) or withdrawn (given=0)."""
    account = get_account(account_id)
    try:
        phone = change_prerecorded_consent(account, phone_id, PrerecordedConsentIn().load(
            {"given": request.form.get("given") == "1", "how": request.form.get("how", "")}), current_user)
    except (DeskError, ValidationError) as exc:
        db.session.rollback()
        g.refused = True
        reasons = "; ".join(f"{name}: {' '.join(why)}" for name, why in field_errors(exc).items())
        flash(f"Consent not changed: {reasons or exc}", "error")
        return redirect(url_for("console.account", account_id=account_id, tab="details"))
    db.session.commit()
    state = "recorded" if phone.prerecorded_consent else "withdrawn"
    flash(f"Consent to prerecorded messages {state} for {phone.number}.", "ok")
    return redirect(url_for("console.account", account_id=account_id, tab="details"))


@bp.post("/accounts/<int:account_id>/language")
@login_required
def language_form(account_id: int):
    """The customer's preferred language, from the Account Details card (as PATCH language)."""
    account = get_account(account_id)
    data = AccountIn(only=("language",)).load({"language": request.form.get("language", "")})
    update_account(account, data, current_user)
    db.session.commit()
    flash(f"Language: {LANGUAGE_NAMES[account.language]}.", "ok")
    return redirect(url_for("console.account", account_id=account.id))


@bp.post("/accounts/<int:account_id>/phones/<int:phone_id>/call-opt-out")
@login_required
def call_opt_out_form(account_id: int, phone_id: int):
    """Record that the customer asked not to be called on a phone (opted_out=1), or, for an admin,
    to be called again (opted_out=0). A refusal shows the Details tab again with what was typed."""
    account = get_account(account_id)
    typed = form_data("opted_out", "how", "words")
    try:
        phone = call_consent.change_call_opt_out(account, phone_id, CallOptOutIn().load(
            {**typed, "opted_out": typed.get("opted_out") == "1"}), current_user)
    except NotFound:
        raise
    except (DeskError, ValidationError) as exc:
        db.session.rollback()
        g.refused = True
        return account_page(account_id, tab="details",
                            call_opt_out_form={**refusal(exc, typed), "phone_id": phone_id}), 422
    db.session.commit()
    state = "asked not to be called" if phone.call_opt_out else "may be called again"
    flash(f"Recorded: {pretty(phone.number)} {state}.", "ok")
    return redirect(url_for("console.account", account_id=account_id, tab="details"))
