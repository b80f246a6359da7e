"""An account's timeline."""
from flask_login import current_user

from api import bp
from api.util import args, body, listing
from desk.accounts.records import get_account
from desk.extensions import db
from desk.schemas.records import ActivityIn, ActivityListArgs, ActivityOut
from desk.timeline import list_activities, record_activity


@bp.get("/accounts/<int:account_id>/activities")
def account_activities(account_id: int):
    account = get_account(account_id)
    query = args(ActivityListArgs())
    types = [t for t in (query["type"] or "").split(",") if t]
    rows, next_cursor = list_activities(account, types, query["limit"], query["cursor"])
    return listing(ActivityOut(), rows, next_cursor)


@bp.post("/accounts/<int:account_id>/activities")
def post_activity(account_id: int):
    account = get_account(account_id)
    activity = record_activity(account, body(ActivityIn()), current_user)
    db.session.commit()
    return ActivityOut().dump(activity), 201
