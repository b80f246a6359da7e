"""The header's presence control and the settings page's calling method (forms for when the
page's script has not run; static/presence.js changes presence through the API instead)."""
from flask import request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from console import bp
from console.my_settings import save_my_setting
from desk.extensions import db
from desk.users.presence import presence_now

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
    return save_my_setting("presence", lambda value: f"You are {PRESENCE_WORDS[value].lower()}.",
                           request.referrer or url_for("console.index"))


@bp.post("/me/call-via")
@login_required
def my_call_via():
    """How I call: Browser or My phone (which needs my phone number)."""
    return save_my_setting("call_via", lambda value: f"You now call by {CALL_VIA_WORDS[value].lower()}.",
                           url_for("console.change_password", _anchor="my-calling-method"))
