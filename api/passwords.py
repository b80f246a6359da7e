"""Passwords: my own change, an admin's reset of someone's. Each ends the user's other sessions."""
from flask_login import current_user

from api import bp
from api.util import admin_only, finds
from desk.errors import get_or_404
from desk.extensions import db
from desk.schemas.users import PasswordChangeIn, PasswordResetIn
from desk.users.passwords import change_own_password, set_password
from desk.users.sessions import keep_current_session
from models import User


def get_user(user_id: int) -> User:
    return get_or_404(User, user_id, "user")


@bp.post("/me/password")
@bp.arguments(PasswordChangeIn)
@bp.response(204)
def change_my_password(data):
    """Change my password (the current one is required); my other sessions end"""
    change_own_password(current_user, data["current_password"], data["new_password"])
    db.session.commit()
    keep_current_session(current_user)
    return ""


@bp.post("/users/<int:user_id>/password")
@admin_only
@finds(user=get_user)
@bp.arguments(PasswordResetIn)
@bp.response(204)
def reset_password(data, user):
    """Set a user's password (admin); every session of theirs ends"""
    set_password(user, data["password"])
    db.session.commit()
    keep_current_session(user)  # an admin resetting their own password stays logged in here
    return ""
