"""The header's presence control and the settings page's calling method (forms for when the
page's script has not run; static/presence.js changes presence through the API instead)."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from console import bp
from console.refusals import refusal
from desk.errors import Invalid
from desk.extensions import db
from desk.schemas.records import MeIn
from desk.users.people import update_own_settings
from desk.users.presence import presence_now
from desk.zones import common_zones

PRESENCE_WORDS = {"available": "Available", "away": "Away", "busy": "Busy (on a call)", "offline": "Offline"}
CALL_VIA_WORDS = {"browser": "Browser", "phone": "My phone"}


def header_presence() -> str:
    """The header's status text: "Busy (on a call)" while it is; nothing while the control says
    it all (the page is open, so not offline). A page renders when the database cannot answer."""
    try:
        state = presence_now(current_user)
    except SQLAlchemyError:
        db.session.rollback()
        return ""
    return PRESENCE_WORDS["busy"] if state == "busy" else ""


def presence_words(user) -> str:
    """A user's effective presence in words (the admin's users page)."""
    return PRESENCE_WORDS[presence_now(user)]


@bp.post("/me/presence")
@login_required
def my_presence():
    """Available or away, from the header."""
    try:
        data = MeIn().load({"presence": request.form.get("presence", "")})
    except ValidationError as refused:
        flash(f"presence: {' '.join(refused.messages.get('presence', ['Choose Available or Away.']))}", "error")
        return redirect(request.referrer or url_for("console.index"))
    update_own_settings(current_user, data)
    db.session.commit()
    flash(f"You are {PRESENCE_WORDS[data['presence']].lower()}.", "ok")
    return redirect(request.referrer or url_for("console.index"))


@bp.post("/me/call-via")
@login_required
def my_call_via():
    """How I call: Browser or My phone (which needs my phone number); a refusal shows beside it."""
    typed = {"call_via": request.form.get("call_via", "")}
    try:
        update_own_settings(current_user, MeIn().load(typed))
    except (ValidationError, Invalid) as refused:
        db.session.rollback()
        return render_template("password.html", zones=common_zones(), call_via_form=refusal(refused, typed)), 422
    db.session.commit()
    flash(f"You now call by {CALL_VIA_WORDS[typed['call_via']].lower()}.", "ok")
    return redirect(url_for("console.change_password", _anchor="my-calling-method"))
