"""Whether a user can take a call now, and how they call.

A user's effective presence is derived, never stored as such:
- "offline": no console of theirs is open (no heartbeat for ONLINE_SECONDS, or never);
- "busy": a call of theirs is under way (their own outbound call not ended, or an inbound call
  they answered and are still on), whatever they set;
- else what they set: "available" or "away".
Busy wins over offline: a collector on a bridged call to their phone may have closed the console.
"""
from datetime import datetime, timedelta

from flask import g
from sqlalchemy import select

from desk.errors import Invalid
from desk.extensions import db
from models import Call, CallLeg, User, utcnow

ONLINE_SECONDS = 90  # three missed heartbeats (static/presence.js beats every 30 s)
CALL_HOURS = 4  # a call row older than this that never heard its end is stale, not a call in progress
LIVE_CALL = ("queued", "initiated", "ringing", "in-progress")


def heartbeat(user: User) -> None:
    """The user's console is open."""
    user.last_seen_at = utcnow()


def set_presence(user: User, presence: str) -> User:
    """What the user says: "available" or "away" (checked by the schema)."""
    user.presence = presence
    return user


def set_call_via(user: User, call_via: str, phone: str | None) -> User:
    """Call by "browser" (the softphone) or "phone" (a bridge to `phone`: the user's number, or
    the one given in the same change); calling by phone needs a number."""
    if call_via == "phone" and not phone:
        why = "Calling by phone needs a phone number on the user."
        raise Invalid(f"call_via: {why}", {"call_via": [why]})
    user.call_via = call_via
    return user


def is_online(user: User, now: datetime | None = None) -> bool:
    seen = user.last_seen_at
    return seen is not None and seen >= (now or utcnow()) - timedelta(seconds=ONLINE_SECONDS)


def effective_presence(user: User, busy: set[int] | None = None, now: datetime | None = None) -> str:
    """available | away | busy | offline (see the module's docstring). `busy` is
    busy_user_ids() when the caller already has it (a list of users: one query for all)."""
    on_call = user.id in busy if busy is not None else bool(busy_user_ids([user.id], now))
    if on_call:
        return "busy"
    if not is_online(user, now):
        return "offline"
    return user.presence


def presence_now(user: User) -> str:
    """effective_presence() for pages and API answers: who is busy is read once per request."""
    if "busy_user_ids" not in g:
        g.busy_user_ids = busy_user_ids()
    return effective_presence(user, g.busy_user_ids)


def busy_user_ids(user_ids: list[int] | None = None, now: datetime | None = None) -> set[int]:
    """The users (of `user_ids`, or all) with a call under way."""
    since = (now or utcnow()) - timedelta(hours=CALL_HOURS)
    placing = select(Call.collector_id).where(
        Call.direction == "outbound", Call.ended_at.is_(None), Call.status.in_(LIVE_CALL),
        Call.created_at >= since, Call.collector_id.is_not(None))
    taking = select(CallLeg.user_id).where(
        CallLeg.role == "collector", CallLeg.status == "in-progress", CallLeg.ended_at.is_(None),
        CallLeg.answered_at >= since, CallLeg.user_id.is_not(None))
    if user_ids is not None:
        placing = placing.where(Call.collector_id.in_(user_ids))
        taking = taking.where(CallLeg.user_id.in_(user_ids))
    rows = db.session.execute(placing.union(taking)).scalars().all()
    return set(rows)
