"""What the desk answers each voice webhook: the rules behind webhooks/voice.py, which only
passes the request's form and query in and sends the TwiML (or nothing) back."""
import logging

from desk.calls import events as call_events
from desk.calls import inbound as inbound_calls
from desk.calls.outbound import bridge_twiml, get_call, user_id_from_identity
from desk.compliance.recording import announces_recording
from desk.extensions import db
from models import Account
from telephony import voice

log = logging.getLogger(__name__)
GONE = "Sorry, this call cannot be connected."
ROLES = ("main", "customer", "collector")


def incoming(form) -> str:
    """Our number's Voice URL, and the TwiML App's (the softphone sends call_id)."""
    if form.get("call_id"):
        return softphone_bridge(form)
    return inbound_calls.answer_inbound(form)


def softphone_bridge(form) -> str:
    """The browser softphone connected: dial the customer of the call it was started for, only
    for the collector who started it, once."""
    raw_id = form.get("call_id") or ""
    call = get_call(int(raw_id), lock=True) if raw_id.isdigit() else None
    caller = user_id_from_identity(form.get("From") or form.get("Caller"))
    sid = call_events.valid_sid(form.get("CallSid"))
    if call is None or call.via != "browser" or caller is None or call.collector_id != caller \
            or sid is None or call.twilio_sid not in (None, sid):
        log.warning("softphone call refused for call_id=%s from %s", raw_id[:20], form.get("From"))
        return voice.say_and_hang_up(GONE)
    call_events.get_leg(call, sid, "main")
    return bridge_twiml(call)


def status(args, form) -> None:
    """A status callback of any leg (?call_id=&leg=&user= name the call and the leg)."""
    call = call_events.find_call(args.get("call_id"), form.get("CallSid"), form.get("ParentCallSid"))
    if call is None:
        log.info("status for unknown call %s kept raw", form.get("CallSid"))
        return
    user = args.get("user", "")
    role = args.get("leg") if args.get("leg") in ROLES else call_events.guess_role(call, form)
    call_events.apply_status(call, form, role, int(user) if user.isdigit() else None)


def collector_answered(call_id: int, form) -> str:
    """The collector picked up their phone: dial the customer."""
    call = get_call(call_id, lock=True)
    if call is None or call.direction != "outbound" or call.ended_at is not None:
        return voice.say_and_hang_up(GONE)
    sid = call_events.valid_sid(form.get("CallSid"))
    if sid:
        call_events.get_leg(call, sid, "main")
    return bridge_twiml(call)


def dial_ended(call_id: int, form, stage: str | None) -> str:
    """A <Dial> ended: an outbound call ends here; an unanswered inbound one goes on to the
    next stage (other softphones, then phones, then the voicemail)."""
    call = get_call(call_id, lock=True)
    if call is None:
        return voice.say_and_hang_up()
    call_events.apply_dial_result(call, form)
    if call.direction == "inbound" and form.get("DialCallStatus") != "completed":
        return inbound_calls.next_stage(call, stage)
    if call.direction == "outbound":
        call_events.end_call(call)
    return voice.say_and_hang_up()


def customer_answered(call_id: int, form) -> str:
    """Runs on the customer's leg when answered: the voicemail drop, or the recording notice
    (always in an all-party-consent state, see desk.compliance.recording)."""
    call = get_call(call_id, lock=True)
    if call is None:
        return voice.screen(None, False)
    drop = call_events.apply_machine_screen(call, form)
    account = db.session.get(Account, call.account_id) if call.account_id else None
    return voice.screen(drop, announces_recording(account))


def recording_ready(call_id: int, form) -> None:
    """A recording (of a bridged call, or a voicemail) is ready; a voicemail joins the timeline."""
    call = get_call(call_id, lock=True)
    if call is not None and call_events.apply_recording(call, form) and call.direction == "inbound":
        inbound_calls.log_voicemail(call)


def voicemail_left() -> str:
    return inbound_calls.after_voicemail()
