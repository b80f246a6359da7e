"""The JSON API v1: token or session authenticated, marshmallow in and out, its OpenAPI document
made from the routes (api.openapi)."""
from api.openapi import Blueprint

bp = Blueprint("api", __name__, description="The collections desk")

from api import (  # noqa: E402,F401
    accounts,
    activities,
    audit,
    auth,
    calls,
    compliance,
    conversations,
    emails,
    idempotency,
    imports,
    messages,
    passwords,
    phones,
    promises,
    queue,
    reference,
    reports,
    settings,
    tokens,
    users,
)


def init_app(app):
    """Register the blueprint under /api/v1 and its document at /api/v1/openapi.json."""
    from api import openapi

    return openapi.init_app(app, bp)
