"""Calls in the console: unknown callers (linked to an account by hand) and call recordings."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select

from console import bp
from desk.calls.inbound import link_call
from desk.calls.outbound import get_call, unmatched_calls
from desk.errors import Invalid, NotFound
from desk.extensions import db
from models import Account
from telephony.recordings import fetch_recording


@bp.get("/calls/unmatched")
@login_required
def unmatched_calls_page():
    """Calls from numbers on no account, each with a form to link it to an account number."""
    return render_template("calls/unmatched.html", calls=unmatched_calls())


@bp.post("/calls/<int:call_id>/link")
@login_required
def link_call_form(call_id: int):
    call = get_call(call_id)
    if call is None:
        raise NotFound(f"No call {call_id}.")
    number = (request.form.get("account_number") or "").strip()[:40]
    account = db.session.execute(select(Account).where(Account.number == number)).scalar_one_or_none()
    if account is None:
        raise Invalid(f"No account numbered {number or '(blank)'}.", {"account_number": ["No such account."]})
    link_call(call, account)
    db.session.commit()
    flash(f"Call from {call.from_number} linked to {account.customer_name}.", "ok")
    return redirect(url_for("console.account", account_id=account.id))


@bp.get("/calls/<int:call_id>/recording")
@login_required
def call_recording(call_id: int):
    """A call's recording (or voicemail), fetched from Twilio with the account's credentials."""
    call = get_call(call_id)
    if call is None or not call.recording_url:
        abort(404)
    try:
        audio, content_type = fetch_recording(call.recording_url)
    except ValueError:
        abort(404)
    return Response(audio, mimetype=content_type, headers={"Cache-Control": "private, max-age=300"})
