"""The JSON API v1: token or session authenticated, marshmallow in and out."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from api import auth, accounts, activities, promises, reference, openapi, emails, imports, calls  # noqa: E402,F401
from api import conversations, messages  # noqa: E402,F401
