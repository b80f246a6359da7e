"""The work queue: the next account to work, leased to me; skip, release, preview. And whether
an account may be contacted now."""
from flask import Response
from flask_login import current_user

from api import bp
from api.util import finds
from desk.accounts.records import get_account
from desk.collections import queue
from desk.compliance.contactability import contactability
from desk.extensions import db
from desk.schemas.queue import (
    ContactabilityOut,
    QueueAccountIn,
    QueueItemOut,
    QueueNextIn,
    QueuePreviewArgs,
    QueuePreviewOut,
    QueueSkipIn,
)

NEXT_WORKABLE = {"X-Next-Workable-At": {
    "description": "When the first account of mine may be contacted again (ISO 8601), when known",
    "schema": {"type": "string", "format": "date-time"}}}


@bp.post("/queue/next")
@bp.arguments(QueueNextIn)
@bp.response(200, QueueItemOut)
@bp.alt_response(204, description="Nothing can be worked now", headers=NEXT_WORKABLE)
def queue_next(data):
    """The next account to work, most urgent first, leased to me for 10 minutes (asking again
    while I hold one gives it back until I have written an activity on it)"""
    answer = queue.next_account(current_user, data["include_worked"])
    db.session.commit()
    if isinstance(answer, queue.Empty):
        when = answer.next_workable_at
        return Response(status=204, headers={"X-Next-Workable-At": when.isoformat()} if when else {})
    return answer


@bp.post("/queue/skip")
@bp.arguments(QueueSkipIn)
@bp.response(204)
def queue_skip(data):
    """Skip an account for today, with the reason (on its timeline); releases my lease on it"""
    queue.skip(current_user, data["account_id"], data["reason"])
    db.session.commit()


@bp.post("/queue/release")
@bp.arguments(QueueAccountIn)
@bp.response(204)
def queue_release(data):
    """Give an account I hold back to the queue"""
    queue.release(current_user, data["account_id"])
    db.session.commit()


@bp.get("/queue")
@bp.arguments(QueuePreviewArgs, location="query")
@bp.response(200, QueuePreviewOut)
def queue_preview(query):
    """The next 20 accounts the queue would give me, leasing none"""
    return {"items": queue.preview(current_user, query["include_worked"])}


@bp.get("/accounts/<int:account_id>/contactability")
@finds(account=get_account)
@bp.response(200, ContactabilityOut)
def account_contactability(account):
    """Whether the account may be called, texted, emailed now; the refusing rule and when it lifts"""
    return contactability(account)
