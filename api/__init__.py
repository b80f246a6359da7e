"""The JSON API v1: token or session authenticated, marshmallow in and out."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from api import (  # noqa: E402,F401
    accounts,
    activities,
    auth,
    calls,
    conversations,
    emails,
    imports,
    messages,
    openapi,
    promises,
    reference,
)
