"""Calls to our number: match the caller to an account, ring the assigned collector, then any
available collector, else take a voicemail that lands on the account's timeline.

Each stage is one <Dial>; its action (with ?stage=) says whether someone answered, and if not
the next stage's TwiML is returned. Unknown callers are kept with no account, for linking.
"""
from sqlalchemy import select

from desk.accounts.phones import maybe_e164, pretty
from desk.calls.events import valid_sid
from desk.errors import Conflict, NotFound
from desk.extensions import db
from desk.timeline import log_system
from models import Account, Call, CallLeg, Phone, User
from telephony import client, tokens, voice

RING_SECONDS = 20
GREETING = "Sorry, nobody can take your call right now. Please leave a message after the tone."
THANKS = "Thank you. We will call you back. Goodbye."


def answer_inbound(form) -> str:
    """TwiML for a new inbound call (a repeat of the same CallSid answers the same way)."""
    call = _call_for(form)
    account = db.session.get(Account, call.account_id) if call.account_id else None
    assigned = account.assigned_to if account and account.assigned_to and account.assigned_to.active else None
    if assigned is not None:
        return _ring_stage(call, "assigned", [assigned])
    return next_stage(call, "assigned")


def next_stage(call: Call, stage: str) -> str:
    """After `stage` went unanswered: ring everyone else available, then the voicemail."""
    if stage == "assigned":
        others = available_collectors(exclude=_assigned_id(call))
        if others:
            return _ring_stage(call, "others", others)
    url = client.callback_url
    return voice.voicemail(url("webhooks.voice_voicemail", call_id=call.id),
                           url("webhooks.voice_recording", call_id=call.id), GREETING)


def after_voicemail() -> str:
    return voice.say_and_hang_up(THANKS)


def available_collectors(exclude: int | None = None) -> list[User]:
    """Active collectors who can take a call (a phone, or the softphone when it is on)."""
    query = select(User).where(User.active.is_(True), User.role == "collector").order_by(User.id)
    users = db.session.execute(query).scalars().all()
    return [u for u in users if u.id != exclude and (u.phone or tokens.softphone_enabled())]


def match_account(number: str | None) -> Account | None:
    """The account with this phone (E.164), the most recently changed one when several share it."""
    e164 = maybe_e164(number)
    if not e164:
        return None
    return db.session.execute(
        select(Account).join(Phone).where(Phone.number == e164)
        .order_by(Account.updated_at.desc(), Account.id.desc()).limit(1)).scalar_one_or_none()


def log_voicemail(call: Call) -> None:
    """A kept voicemail shows on the account's timeline (unmatched calls: once linked)."""
    if call.account_id is None or not call.recording_url:
        return
    seconds = call.recording_duration or 0
    log_system(call.account_id, "call", f"Voicemail from {pretty(call.from_number)} ({seconds} s).",
               call_id=call.id)


def ringing_call(call_sid: str) -> dict:
    """Who is calling, for the softphone's ringing banner: the inbound call the desk stored under
    this CallSid (the caller's call; a leg's sid finds its call too), with its account if matched."""
    sid = valid_sid(call_sid)
    call = db.session.execute(select(Call).where(Call.twilio_sid == sid)).scalar_one_or_none() if sid else None
    if call is None and sid:
        leg = db.session.execute(select(CallLeg).where(CallLeg.sid == sid)).scalar_one_or_none()
        call = db.session.get(Call, leg.call_id) if leg else None
    if call is None or call.direction != "inbound":
        raise NotFound(f"No inbound call {call_sid}.")
    account = db.session.get(Account, call.account_id) if call.account_id else None
    return {"call_id": call.id, "account_id": account.id if account else None,
            "account_number": account.number if account else None,
            "customer": account.customer_name if account else None, "number": call.from_number}


def link_call(call: Call, account: Account) -> Call:
    """Attach an unmatched inbound call to an account; its voicemail joins the timeline."""
    if call.account_id is not None:
        raise Conflict("This call is already on an account.")
    call.account_id = account.id
    log_voicemail(call)
    return call


def _call_for(form) -> Call:
    sid = valid_sid(form.get("CallSid"))
    call = db.session.execute(select(Call).where(Call.twilio_sid == sid)).scalar_one_or_none() if sid else None
    if call is None:
        account = match_account(form.get("From"))
        call = Call(account_id=account.id if account else None, direction="inbound", via="inbound",
                    from_number=(form.get("From") or "")[:40] or None, to_number=(form.get("To") or "")[:40] or None,
                    status="ringing", twilio_sid=sid)
        db.session.add(call)
        db.session.flush()
    return call


def _assigned_id(call: Call) -> int | None:
    account = db.session.get(Account, call.account_id) if call.account_id else None
    return account.assigned_to_id if account else None


def _ring_stage(call: Call, stage: str, users: list[User]) -> str:
    url = client.callback_url
    phone_on = tokens.softphone_enabled()
    targets = [voice.Target(
        number=user.phone, identity=tokens.client_identity(user.id) if phone_on else None,
        parameters={"desk_call_sid": call.twilio_sid} if call.twilio_sid else {},
        status_callback=url("webhooks.voice_status", call_id=call.id, leg="collector", user=user.id))
        for user in users]
    return voice.ring(targets, url("webhooks.voice_dial_action", call_id=call.id, stage=stage),
                      timeout=RING_SECONDS)
