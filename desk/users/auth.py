"""Who is asking: session login for the console, bearer tokens for the API.

A request that carries an `Authorization` header is judged by that header alone: an invalid
token is refused even if the same request also carries a valid session cookie."""
from functools import wraps

from flask import abort, jsonify, redirect, request, url_for
from flask_login import current_user

from desk.errors import error_body
from desk.extensions import db
from desk.users import throttle
from desk.users.passwords import check_password
from desk.users.sessions import session_is_current
from desk.users.tokens import user_from_authorization
from models import User


def load_user(user_id: str) -> User | None:
    """The session's user, while the session is current (flask-login's user_loader)."""
    if "Authorization" in request.headers:
        return None  # the header decides (load_user_from_bearer)
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not session_is_current(user):
        return None
    return user


def load_user_from_bearer(req) -> User | None:
    header = req.headers.get("Authorization")
    return user_from_authorization(header) if header is not None else None


def client_address() -> str:
    """The client's address as the WSGI server saw it (a trusted proxy's fix-up applies first)."""
    return request.remote_addr or "unknown"


def check_login(email: str, password: str, address: str | None = None) -> User | None:
    """The active user with this email and password, or None; counts failures and raises
    throttle.TooManyAttempts while the email or the client address is locked."""
    address = address or client_address()
    throttle.check_allowed(email, address)
    user = db.session.execute(
        db.select(User).where(db.func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()
    if check_password(user, password) and user.active:
        throttle.forget_failures(email)
        return user
    throttle.record_failure(email, address)
    return None


def unauthorized():
    if request.path.startswith("/api/"):
        return jsonify(error_body("unauthorized", "Log in or send a valid bearer token.")), 401
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
