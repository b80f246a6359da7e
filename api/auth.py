"""Every API route needs a user; session-authenticated writes also need the CSRF token.
(The OpenAPI document is served by flask-smorest's own blueprint, outside this one: public.)"""
from flask import request
from flask_login import current_user

from api import bp
from desk.extensions import csrf
from desk.users.auth import unauthorized


@bp.before_request
def require_user():
    if not current_user.is_authenticated:
        return unauthorized()
    bearer = "Authorization" in request.headers  # then the user came from the token alone
    if not bearer and request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()
    return None
