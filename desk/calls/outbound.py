"""Click-to-call: the compliance gate, then Twilio rings the collector (or their softphone) and
bridges the customer. Call progress is applied by desk.calls.events; inbound calls by
desk.calls.inbound.
"""
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update

from desk import settings
from desk.accounts.phones import maybe_e164
from desk.compliance.gate import Refused, check_call
from desk.errors import Conflict, Forbidden, Invalid
from desk.extensions import db
from desk.timeline import log_system
from models import Account, Call, Phone, User, utcnow
from telephony import client, tokens, voice

OVERRIDABLE = ("call_attempts", "call_cooldown", "state_frequency")
MAIN_EVENTS = ["initiated", "ringing", "answered", "completed"]
COLLECTOR_RING_SECONDS = 30


def start_call(account: Account, data: dict, collector: User, now: datetime | None = None) -> Call:
    """Place a call to one of the account's phones, or raise (Refused, Forbidden, Invalid...).

    The Call row is committed before Twilio is asked: its callbacks can arrive before the REST
    answer does, and they must find the call.
    """
    phone = customer_phone(account, data.get("to"))
    via = data.get("via") or _preferred_via(collector)
    drop = (data.get("voicemail_drop") or "").strip() or None
    reason = _gate(account, phone, collector, (data.get("override_reason") or "").strip(), drop, now)
    _check_via(via, collector)
    call = Call(account_id=account.id, collector_id=collector.id, direction="outbound", via=via,
                from_number=current_app.config["TWILIO_FROM_NUMBER"], to_number=phone.number,
                status="queued", amd=bool(data.get("amd") or drop), voicemail_drop=drop,
                override_reason=reason)
    db.session.add(call)
    db.session.flush()
    if reason:
        log_system(account.id, "system", f"Call compliance override by {collector.name}: {reason}",
                   call_id=call.id)
    db.session.commit()
    if via == "phone":
        _ring_collector(call, collector)
    return call


def customer_phone(account: Account, to: str | None) -> Phone:
    """The phone asked for (any format), else the account's primary mobile."""
    if not to:
        if account.primary_mobile is None:
            raise Invalid("This account has no phone number.", {"to": ["The account has no phone."]})
        return account.primary_mobile
    number = maybe_e164(to)
    for phone in account.phones:
        if phone.number == number:
            return phone
    raise Invalid(f"{to} is not one of this account's phones.", {"to": ["Not a phone on this account."]})


def _gate(account: Account, phone: Phone, user: User, reason: str, drop: str | None, now) -> str | None:
    """Run the compliance gate; an admin's reason lifts only the frequency rules, and is kept
    only when it was needed. Returns the reason used, if any."""
    if reason and not user.is_admin:
        raise Forbidden("Only an admin can override the calling rules.",
                        {"override_reason": ["Only an admin can override."]})
    try:
        check_call(account, phone, now, voicemail_drop=drop)
        return None
    except Refused as refusal:
        if not reason or refusal.rule not in OVERRIDABLE:
            raise
    check_call(account, phone, now, override_reason=reason, voicemail_drop=drop)
    return reason


def _preferred_via(collector: User) -> str:
    """The collector's calling method when none is asked for; the phone while the softphone is off."""
    return "browser" if collector.call_via == "browser" and tokens.softphone_enabled() else "phone"


def _check_via(via: str, collector: User) -> None:
    if via == "phone" and not collector.phone:
        raise Invalid("Add your phone number to your profile to call from your phone.",
                      {"via": ["You have no phone number on file."]})
    if via == "browser" and not tokens.softphone_enabled():
        raise Conflict("The softphone is off (no Twilio API key is configured).", code="softphone_off")


def _ring_collector(call: Call, collector: User) -> None:
    """Twilio rings the collector's phone; the bridge TwiML dials the customer once answered."""
    try:
        sent = client.create_call(
            collector.phone, client.callback_url("webhooks.voice_bridge", call_id=call.id),
            status_callback=client.callback_url("webhooks.voice_status", call_id=call.id, leg="main"),
            status_callback_events=MAIN_EVENTS, timeout=COLLECTOR_RING_SECONDS)
    except Exception:
        db.session.rollback()
        db.session.execute(update(Call).where(Call.id == call.id)
                           .values(status="failed", ended_at=utcnow()))
        db.session.commit()
        raise
    db.session.execute(update(Call).where(Call.id == call.id, Call.twilio_sid.is_(None))
                       .values(twilio_sid=sent.sid))
    db.session.commit()
    db.session.refresh(call)


def bridge_twiml(call: Call) -> str:
    """What the collector's leg runs once answered: dial the customer from our number."""
    url = client.callback_url
    recorded = bool(settings.get("record_calls"))
    screened = call.amd or recorded
    return voice.bridge(voice.Bridge(
        customer=call.to_number, caller_id=current_app.config["TWILIO_FROM_NUMBER"] or call.from_number,
        action=url("webhooks.voice_dial_action", call_id=call.id),
        status_callback=url("webhooks.voice_status", call_id=call.id, leg="customer"),
        screen_url=url("webhooks.voice_screen", call_id=call.id) if screened else None,
        machine_detection=("DetectMessageEnd" if call.voicemail_drop else "Enable") if call.amd else None,
        recording_callback=url("webhooks.voice_recording", call_id=call.id) if recorded else None,
    ))


def user_id_from_identity(identity: str | None) -> int | None:
    """The user id in a softphone's 'client:user-7', else None."""
    value = (identity or "").removeprefix("client:")
    if value.startswith("user-") and value[5:].isdigit():
        return int(value[5:])
    return None


def get_call(call_id: int, lock: bool = False) -> Call | None:
    """A call by id; `lock` holds its row (PostgreSQL) while a webhook applies a change."""
    if not 0 < call_id < 2**31:
        return None
    return db.session.get(Call, call_id, with_for_update=lock)


def unmatched_calls(limit: int = 100) -> list[Call]:
    """Inbound calls from numbers on no account, newest first, for linking."""
    return db.session.execute(
        select(Call).where(Call.account_id.is_(None), Call.direction == "inbound")
        .order_by(Call.created_at.desc()).limit(limit)).scalars().all()
