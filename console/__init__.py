"""The collectors' and admins' pages."""
from flask import Blueprint

bp = Blueprint("console", __name__)

from console import session, accounts, admin, jobs  # noqa: E402,F401
from console import email, imports, calls, sms, live  # noqa: E402,F401
