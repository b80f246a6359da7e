"""The desk's users (admin): who is available, how each calls; and my console's heartbeat."""
from flask_login import current_user

from api import bp
from api.passwords import get_user
from api.util import admin_only, finds, page
from desk.extensions import db
from desk.schemas.records import PresenceOut, UserOut, UserPage, UserPatch
from desk.users.people import all_users, unlock_login, update_user
from desk.users.presence import heartbeat, presence_now


@bp.get("/users")
@admin_only
@bp.response(200, UserPage)
def list_users():
    """Every user, active ones first, with their presence (admin); one page, `next` is null"""
    return page(all_users(), None)


@bp.patch("/users/<int:user_id>")
@admin_only
@finds(user=get_user)
@bp.arguments(UserPatch)
@bp.response(200, UserOut)
def patch_user(data, user):
    """Change a user (admin): name, role, phone, active, password or call_via (`phone` needs a
    phone number: 422 naming call_via); an admin cannot deactivate or demote themself"""
    update_user(user, data, current_user)
    db.session.commit()
    return user


@bp.post("/users/<int:user_id>/unlock")
@admin_only
@finds(user=get_user)
@bp.response(200, UserOut)
def unlock_user(user):
    """Lift the lock too many failed logins put on a user (admin): their failed logins are
    forgotten, and those from the addresses they came from, so they can sign in at once"""
    unlock_login(user)
    db.session.commit()
    return user


@bp.post("/me/heartbeat")
@bp.response(200, PresenceOut)
def beat():
    """My console is open (static/presence.js posts this at load and every 30 s): without one
    for 90 seconds I am offline. Answers my presence, for the header."""
    heartbeat(current_user)
    db.session.commit()
    return {"presence": presence_now(current_user)}
