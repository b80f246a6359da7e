"""An account's timeline."""
from flask_login import current_user

from api import bp
from api.util import finds, page
from desk.accounts.records import get_account
from desk.compliance.call_consent import record_activity_with_opt_out
from desk.extensions import db
from desk.schemas.records import ActivityIn, ActivityListArgs, ActivityOut, page_of
from desk.timeline import list_activities


@bp.get("/accounts/<int:account_id>/activities")
@finds(account=get_account)
@bp.arguments(ActivityListArgs, location="query")
@bp.response(200, page_of(ActivityOut))
def account_activities(query, account):
    """An account's timeline, newest first (type=note,call,... to filter)"""
    types = [t for t in (query["type"] or "").split(",") if t]
    return page(*list_activities(account, types, query["limit"], query["cursor"]))


@bp.post("/accounts/<int:account_id>/activities")
@finds(account=get_account)
@bp.arguments(ActivityIn)
@bp.response(201, ActivityOut)
def post_activity(data, account):
    """Record an activity (a note, a disposition, a follow-up); `stop_calling` records that the
    customer asked not to be called on that phone too"""
    activity = record_activity_with_opt_out(account, data, current_user)
    db.session.commit()
    return activity
