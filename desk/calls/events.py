"""Applying Twilio's voice callbacks to Call rows: leg status, the Dial action, the machine
screen, recordings.

Callbacks arrive in any order and may repeat. Each leg (call sid) keeps its last SequenceNumber;
an older or equal one changes no status, though it may fill in a field still unknown (who
answered, when). A leg's final status never changes, so the disposition prompt is raised once.
"""
import re
from datetime import timedelta

from sqlalchemy import select

from desk import live_updates as live
from desk.extensions import db
from models import Call, CallLeg, utcnow

FINAL = ("completed", "busy", "no-answer", "failed", "canceled")
RANK = {"queued": 0, "initiated": 0, "ringing": 1, "in-progress": 2, "answered": 2}
SID = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")


def valid_sid(value: str | None) -> str | None:
    """A Twilio sid (two letters, 32 hex digits), else None: odd input never reaches a column."""
    return value if value and SID.match(value) else None


def rank(status: str | None) -> int:
    if status is None:
        return -1
    return 3 if status in FINAL else RANK.get(status, 0)


def find_call(call_id: str | int | None, sid: str | None, parent_sid: str | None = None) -> Call | None:
    """The call named in the callback URL, else the one with a leg of this sid, else its parent's.
    The row is locked (on PostgreSQL) so callbacks of one call apply one after another."""
    if call_id not in (None, "") and str(call_id).isdigit():
        number = int(call_id)
        return db.session.get(Call, number, with_for_update=True) if number < 2**31 else None
    for candidate in (valid_sid(sid), valid_sid(parent_sid)):
        call = _call_with_leg(candidate) if candidate else None
        if call is not None:
            return call
    return None


def _call_with_leg(sid: str) -> Call | None:
    call = db.session.execute(select(Call).where(Call.twilio_sid == sid).with_for_update()).scalar_one_or_none()
    if call is None:
        leg = db.session.execute(select(CallLeg).where(CallLeg.sid == sid)).scalar_one_or_none()
        call = db.session.get(Call, leg.call_id, with_for_update=True) if leg else None
    return call


def get_leg(call: Call, sid: str, role: str, user_id: int | None = None) -> CallLeg:
    """The leg with this sid, made on its first event."""
    leg = db.session.execute(select(CallLeg).where(CallLeg.sid == sid)).scalar_one_or_none()
    if leg is None:
        leg = CallLeg(call_id=call.id, sid=sid, role=role, user_id=user_id, status="queued", last_sequence=-1)
        db.session.add(leg)
        db.session.flush()
    if role == "main" and call.twilio_sid is None:
        call.twilio_sid = sid
    return leg


def guess_role(call: Call, form) -> str:
    if form.get("CallSid") == call.twilio_sid or not form.get("ParentCallSid"):
        return "main"
    return "customer" if call.direction == "outbound" else "collector"


def apply_status(call: Call, form, role: str, user_id: int | None = None) -> None:
    """One status callback for one leg of `call`."""
    sid, status = valid_sid(form.get("CallSid")), form.get("CallStatus")
    if not sid or (status not in RANK and status not in FINAL):
        return
    leg = get_leg(call, sid, role, user_id)
    _fill_blanks(leg, form)
    if not _advances(leg, status, form.get("SequenceNumber")):
        if leg.role == "customer":
            call.answered_by = call.answered_by or leg.answered_by
        return
    leg.status = status
    if status == "in-progress" and leg.answered_at is None:
        leg.answered_at = utcnow()
    if status in FINAL:
        leg.ended_at = utcnow()
        leg.duration = _int(form.get("CallDuration"))
        if leg.answered_at is None and leg.duration:
            leg.answered_at = leg.ended_at - timedelta(seconds=leg.duration)
    summarize(call, leg)


def _advances(leg: CallLeg, status: str, sequence: str | None) -> bool:
    """True when this event is newer than what the leg has seen (and the leg is not over)."""
    if leg.status in FINAL:
        return False
    if sequence is not None and str(sequence).isdigit():
        if int(sequence) <= leg.last_sequence:
            return False
        leg.last_sequence = int(sequence)
        return True
    return rank(status) > rank(leg.status)


def _fill_blanks(leg: CallLeg, form) -> None:
    """Facts any event can carry, kept whatever its order."""
    if form.get("AnsweredBy") and not leg.answered_by:
        leg.answered_by = form["AnsweredBy"][:32]


def summarize(call: Call, leg: CallLeg) -> None:
    """Carry a leg's news to the call: the main leg is the call; the other leg is the customer
    (outbound) or the collector who took it (inbound)."""
    if leg.role == "main":
        call.status = leg.status
        if leg.duration is not None:
            call.duration = leg.duration
        if leg.status in FINAL:
            end_call(call)
        return
    if leg.role == "customer":
        call.customer_sid = call.customer_sid or leg.sid
        if rank(leg.status) >= rank(call.customer_status):
            call.customer_status = leg.status
        call.answered_by = call.answered_by or leg.answered_by
    elif leg.role == "collector" and leg.answered_at is not None:
        call.collector_id = leg.user_id or call.collector_id
    if leg.answered_at is not None and call.answered_at is None:
        call.answered_at = leg.answered_at


def end_call(call: Call) -> None:
    """The call is over: once, ask its collector for a disposition (if a collector talked or
    the customer was dialled; a collector who missed their own phone has nothing to record)."""
    if call.ended_at is not None:
        return
    call.ended_at = utcnow()
    if call.collector_missed:
        return
    if call.collector_id is not None and (call.direction == "outbound" or call.answered_at is not None):
        call.prompt_pending = True
        live.user_changed(call.collector_id)


def apply_dial_result(call: Call, form) -> None:
    """The <Dial action>: how the other leg ended and how long the two talked."""
    status = form.get("DialCallStatus")
    if status not in FINAL:
        return
    seconds = _int(form.get("DialCallDuration")) or 0
    call.talk_seconds = seconds if status == "completed" else (call.talk_seconds or 0)
    if call.direction == "outbound":
        call.customer_sid = call.customer_sid or valid_sid(form.get("DialCallSid"))
        if rank(status) >= rank(call.customer_status):
            call.customer_status = status


def apply_machine_screen(call: Call, form) -> str | None:
    """The customer's leg was answered with AMD: note who answered. Returns the voicemail drop
    to leave when a machine answered and the collector chose one."""
    answered_by = (form.get("AnsweredBy") or "")[:32]
    if answered_by and not call.answered_by:
        call.answered_by = answered_by
    if (answered_by or "").startswith("machine") and call.voicemail_drop:
        call.voicemail_dropped = True
        return call.voicemail_drop
    return None


def apply_recording(call: Call, form) -> bool:
    """Keep a recording's sid, URL and duration; False when this recording was already kept."""
    sid = valid_sid(form.get("RecordingSid"))
    if not sid or call.recording_sid == sid or form.get("RecordingStatus", "completed") != "completed":
        return False
    call.recording_sid = sid
    call.recording_url = (form.get("RecordingUrl") or "")[:500] or None
    call.recording_duration = _int(form.get("RecordingDuration"))
    return True


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
