"""Calls to our number: match the caller to an account, ring collectors stage by stage, else
take a voicemail that lands on the account's timeline.

The stages, each one <Dial> whose action (with ?stage=) says whether someone answered; a stage
with nobody to ring is skipped:
1. "assigned": the account's collector, on one device: their softphone when they call by
   browser and are available (console open), else their phone when they have one;
2. "others": the softphones of every other available collector who calls by browser;
3. "phones": the phones of every other collector;
then the voicemail. Busy and away collectors are never rung, on any device; an offline one
(no console open) only on their phone. Unknown callers are kept with no account, for linking.
"""
from sqlalchemy import select

from desk.accounts.phones import maybe_e164, pretty
from desk.calls.events import valid_sid
from desk.errors import Conflict, NotFound
from desk.extensions import db
from desk.timeline import log_system
from desk.users.presence import busy_user_ids, effective_presence
from models import Account, Call, CallLeg, Phone, User
from telephony import client, tokens, voice

RING_SECONDS = 20
STAGES = ("assigned", "others", "phones")
GREETING = "Sorry, nobody can take your call right now. Please leave a message after the tone."
THANKS = "Thank you. We will call you back. Goodbye."


def answer_inbound(form) -> str:
    """TwiML for a new inbound call (a repeat of the same CallSid answers the same way)."""
    return _ring_from(_call_for(form), 0)


def next_stage(call: Call, stage: str | None) -> str:
    """After `stage` went unanswered: the next stage with someone to ring, else the voicemail."""
    return _ring_from(call, STAGES.index(stage) + 1 if stage in STAGES else len(STAGES))


def after_voicemail() -> str:
    return voice.say_and_hang_up(THANKS)


def stage_targets(call: Call, stage: str) -> list[voice.Target]:
    """Who `stage` rings for this call, and on what."""
    assigned = _assigned(call)
    busy = busy_user_ids()
    if stage == "assigned":
        if assigned is None:
            return []
        return [t for t in [_device(call, assigned, busy)] if t is not None]
    others = [u for u in _collectors_not_away(exclude=assigned.id if assigned else None) if u.id not in busy]
    if stage == "others":
        return [_target(call, u, softphone=True) for u in others if _rings_softphone(u, busy)]
    return [_target(call, u, softphone=False) for u in others if u.phone]


def _collectors_not_away(exclude: int | None = None) -> list[User]:
    """Active collectors who have not set themselves away (busy ones are left out by the caller)."""
    query = select(User).where(User.active.is_(True), User.role == "collector", User.presence != "away") \
        .order_by(User.id)
    return [u for u in db.session.execute(query).scalars().all() if u.id != exclude]


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


def _assigned(call: Call) -> User | None:
    account = db.session.get(Account, call.account_id) if call.account_id else None
    user = account.assigned_to if account else None
    return user if user is not None and user.active else None


def _rings_softphone(user: User, busy: set[int]) -> bool:
    return tokens.softphone_enabled() and user.call_via == "browser" and \
        effective_presence(user, busy) == "available"


def _device(call: Call, user: User, busy: set[int]) -> voice.Target | None:
    """The one device to ring `user` on: the softphone when it can ring, else the phone (if any);
    nothing while they are busy or away."""
    if user.id in busy or user.presence == "away":
        return None
    if _rings_softphone(user, busy):
        return _target(call, user, softphone=True)
    return _target(call, user, softphone=False) if user.phone else None


def _target(call: Call, user: User, softphone: bool) -> voice.Target:
    return voice.Target(
        number=None if softphone else user.phone,
        identity=tokens.client_identity(user.id) if softphone else None,
        parameters={"desk_call_sid": call.twilio_sid} if softphone and call.twilio_sid else {},
        status_callback=client.callback_url("webhooks.voice_status", call_id=call.id, leg="collector", user=user.id))


def _ring_from(call: Call, first: int) -> str:
    """Ring the first stage from STAGES[first] on that has someone to ring, else the voicemail."""
    url = client.callback_url
    for stage in STAGES[first:]:
        targets = stage_targets(call, stage)
        if targets:
            return voice.ring(targets, url("webhooks.voice_dial_action", call_id=call.id, stage=stage),
                              timeout=RING_SECONDS)
    return voice.voicemail(url("webhooks.voice_voicemail", call_id=call.id),
                           url("webhooks.voice_recording", call_id=call.id), GREETING)
