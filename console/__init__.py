"""The collectors' and admins' pages."""
from flask import Blueprint

bp = Blueprint("console", __name__)

from console import session, accounts, admin, jobs, email, imports, calls  # noqa: E402,F401
from console import sms  # noqa: E402,F401
