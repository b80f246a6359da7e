"""The collectors' and admins' pages."""
from flask import Blueprint

bp = Blueprint("console", __name__)

from console import (  # noqa: E402,F401
    accounts,
    admin,
    assignment,
    audit,
    calls,
    contact_rules,
    email,
    imports,
    jobs,
    once,
    page_helpers,
    presence,
    reports,
    session,
    sms,
)
from console import live_stream as live  # noqa: E402,F401

bp.record_once(lambda state: page_helpers.register(state.app))
