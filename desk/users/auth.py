"""Who is asking: session login for the console, bearer tokens for the API."""
import hashlib
import secrets
from functools import wraps

from flask import abort, jsonify, redirect, request, url_for
from flask_login import current_user
from werkzeug.security import check_password_hash

from desk.errors import error_body
from desk.extensions import db
from models import ApiToken, User


def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    return user if user and user.active else None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(user: User) -> str:
    """Create a token for the user; only its hash is stored, so it is shown once."""
    token = "dk_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token)))
    return token


def load_user_from_bearer(req) -> User | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    row = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == hash_token(header[7:].strip()),
                                  ApiToken.revoked_at.is_(None))
    ).scalar_one_or_none()
    return row.user if row and row.user.active else None


def check_login(email: str, password: str) -> User | None:
    user = db.session.execute(
        db.select(User).where(db.func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()
    if user and user.active and check_password_hash(user.password_hash, password):
        return user
    return None


def unauthorized():
    if request.path.startswith("/api/"):
        return jsonify(error_body("unauthorized", "Log in or send a bearer token.")), 401
    return redirect(url_for("console.login", next=request.full_path))


def admin_required(view):
    """Allow only admins (after login_required has run)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return unauthorized()
        if not current_user.is_admin:
            abort(403, "This needs the admin role.")
        return view(*args, **kwargs)

    return wrapper
