"""The audit log (admin only)."""
from api import bp
from api.util import admin_only, page
from desk.audit import list_entries
from desk.schemas.audit import AuditEntryOut, AuditListArgs
from desk.schemas.records import page_of


@bp.get("/audit")
@admin_only
@bp.arguments(AuditListArgs, location="query")
@bp.response(200, page_of(AuditEntryOut))
def audit_log(query):
    """The audit log, newest first: every change to an account's money, status or schedule, a promise or a
    payment (admin)"""
    return page(*list_entries(query["account_id"], query["limit"], query["cursor"]))
