"""The account's calls: both legs, their statuses and durations, Twilio's events and recordings.

The desk keeps a recording's sid and Twilio URL (it streams the audio from Twilio when played),
so the record names them rather than holding the audio.
"""
from sqlalchemy import select

from desk.extensions import db
from desk.records.rows import People, callbacks, form_value, iso
from models import Call, CallLeg

VOICE_CALLBACKS = "/webhooks/twilio/voice"


def account_calls(account_id: int) -> list[Call]:
    return db.session.execute(
        select(Call).where(Call.account_id == account_id).order_by(Call.created_at, Call.id)).scalars().all()


def legs_by_call(calls: list[Call]) -> dict[int, list[CallLeg]]:
    legs: dict[int, list[CallLeg]] = {}
    ids = [c.id for c in calls]
    for start in range(0, len(ids), 500):
        rows = db.session.execute(select(CallLeg).where(CallLeg.call_id.in_(ids[start:start + 500]))
                                  .order_by(CallLeg.id)).scalars()
        for leg in rows:
            legs.setdefault(leg.call_id, []).append(leg)
    return legs


def call_rows(calls: list[Call], people: People) -> list[dict]:
    """calls.json: one dict per call, oldest first, with its legs and each leg's events."""
    legs = legs_by_call(calls)
    sids = [c.twilio_sid for c in calls] + [c.customer_sid for c in calls] \
        + [leg.sid for rows in legs.values() for leg in rows]
    events = callbacks(VOICE_CALLBACKS, "CallSid", sids)
    return [{
        "id": c.id, "at": iso(c.created_at), "direction": c.direction, "via": c.via, "from": c.from_number,
        "to": c.to_number, "collector": people.name(c.collector_id), "status": c.status,
        "customer_status": c.customer_status, "twilio_sid": c.twilio_sid, "customer_sid": c.customer_sid,
        "answered_by": c.answered_by, "duration": c.duration, "talk_seconds": c.talk_seconds,
        "answered_at": iso(c.answered_at), "ended_at": iso(c.ended_at), "voicemail_drop": c.voicemail_drop,
        "voicemail_dropped": c.voicemail_dropped, "override_reason": c.override_reason,
        "recording": {"sid": c.recording_sid, "url": c.recording_url, "duration": c.recording_duration}
        if c.recording_sid or c.recording_url else None,
        "prompt_dismissed": {"at": iso(c.prompt_dismissed_at), "by": people.name(c.prompt_dismissed_by_id),
                             "reason": c.prompt_dismiss_reason} if c.prompt_dismissed_at else None,
        "legs": [leg_row(leg, people, events) for leg in legs.get(c.id, [])],
    } for c in calls]


def leg_row(leg: CallLeg, people: People, events: dict) -> dict:
    return {"sid": leg.sid, "role": leg.role, "user": people.name(leg.user_id), "status": leg.status,
            "answered_by": leg.answered_by, "duration": leg.duration, "answered_at": iso(leg.answered_at),
            "ended_at": iso(leg.ended_at), "events": [event_row(e) for e in events.get(leg.sid, [])]}


def event_row(event) -> dict:
    """One voice callback as Twilio sent it: which URL, when, and the call's state then."""
    return {"at": iso(event.received_at), "path": event.path,
            **{key: form_value(event, key) for key in ("CallStatus", "SequenceNumber", "CallDuration",
                                                      "DialCallStatus", "DialCallDuration", "AnsweredBy",
                                                      "RecordingSid", "ErrorCode") if key in event.form}}
