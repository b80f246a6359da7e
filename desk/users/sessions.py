"""Console sessions: the cookie carries the user's session_version and the time of its last
request. A session whose version is no longer the user's (logout, a new password, deactivation,
an admin's reset) or that was idle for SESSION_IDLE_TIMEOUT seconds is over."""
import time

from flask import current_app, request, session
from flask_login import login_user, logout_user

from models import User

VERSION, SEEN = "_desk_sv", "_desk_seen"
SEEN_RESOLUTION = 60  # seconds; the last-seen time is rewritten at most once a minute


def start_session(user: User) -> None:
    login_user(user)
    _stamp(user)


def keep_current_session(user: User) -> None:
    """After the user's own password change: the session that made it (if the request came with
    the user's session cookie, not a token) stays logged in with the new version."""
    if "Authorization" not in request.headers and session.get("_user_id") == str(user.id):
        _stamp(user)


def _stamp(user: User) -> None:
    session[VERSION] = user.session_version
    session[SEEN] = int(time.time())


def session_is_current(user: User) -> bool:
    """True while the session's version is the user's and it is not idle; marks it seen."""
    now = int(time.time())
    seen = session.get(SEEN)
    if session.get(VERSION) != user.session_version or not isinstance(seen, int):
        return False
    if now - seen > current_app.config["SESSION_IDLE_TIMEOUT"]:
        return False
    if now - seen >= SEEN_RESOLUTION:
        session[SEEN] = now
    return True


def end_all_sessions(user: User) -> None:
    """Every session of the user ends at its next request."""
    user.session_version = (user.session_version or 0) + 1


def end_this_session() -> None:
    logout_user()
    session.pop(VERSION, None)
    session.pop(SEEN, None)
