"""Voice webhooks: thin; the rules live in desk.calls, desk.call_events and desk.inbound_calls."""
import logging

from flask import Response, request

from desk import call_events, inbound_calls, settings
from desk.calls import bridge_twiml, get_call, user_id_from_identity
from telephony import voice
from webhooks import bp
from webhooks.store import twilio_webhook

log = logging.getLogger(__name__)
GONE = "Sorry, this call cannot be connected."


def twiml(document: str) -> Response:
    return Response(document, mimetype="text/xml")


def nothing() -> Response:
    return Response("", 204)


@bp.post("/voice")
@twilio_webhook
def voice_incoming():
    """Our number's Voice URL, and the TwiML App's (the softphone sends call_id)."""
    if request.form.get("call_id"):
        return twiml(_softphone_bridge(request.form))
    return twiml(inbound_calls.answer_inbound(request.form))


def _softphone_bridge(form) -> str:
    """The browser softphone connected: dial the customer of the call it was started for."""
    call = get_call(int(form["call_id"]), lock=True) if form["call_id"].isdigit() else None
    caller = user_id_from_identity(form.get("From") or form.get("Caller"))
    sid = call_events.valid_sid(form.get("CallSid"))
    if call is None or call.via != "browser" or caller is None or call.collector_id != caller \
            or sid is None or call.twilio_sid not in (None, sid):
        log.warning("softphone call refused for call_id=%s from %s", form.get("call_id"), form.get("From"))
        return voice.say_and_hang_up(GONE)
    call_events.get_leg(call, sid, "main")
    return bridge_twiml(call)


@bp.post("/voice/status")
@twilio_webhook
def voice_status():
    """Status callbacks of every leg (?call_id=&leg=&user= name the call and the leg)."""
    form = request.form
    call = call_events.find_call(request.args.get("call_id"), form.get("CallSid"), form.get("ParentCallSid"))
    if call is None:
        log.info("status for unknown call %s kept raw", form.get("CallSid"))
        return nothing()
    user = request.args.get("user", "")
    role = request.args.get("leg") if request.args.get("leg") in ("main", "customer", "collector") else None
    call_events.apply_status(call, form, role or call_events.guess_role(call, form),
                             int(user) if user.isdigit() else None)
    return nothing()


@bp.post("/voice/bridge/<int:call_id>")
@twilio_webhook
def voice_bridge(call_id: int):
    """The collector answered their phone: dial the customer."""
    call = get_call(call_id, lock=True)
    if call is None or call.direction != "outbound" or call.ended_at is not None:
        return twiml(voice.say_and_hang_up(GONE))
    sid = call_events.valid_sid(request.form.get("CallSid"))
    if sid:
        call_events.get_leg(call, sid, "main")
    return twiml(bridge_twiml(call))


@bp.post("/voice/dial-action/<int:call_id>")
@twilio_webhook
def voice_dial_action(call_id: int):
    """A <Dial> ended: outbound calls end here; inbound ones go to the next stage if unanswered."""
    call = get_call(call_id, lock=True)
    if call is None:
        return twiml(voice.say_and_hang_up())
    call_events.apply_dial_result(call, request.form)
    if call.direction == "inbound" and request.form.get("DialCallStatus") != "completed":
        return twiml(inbound_calls.next_stage(call, request.args.get("stage", "others")))
    if call.direction == "outbound":
        call_events.end_call(call)
    return twiml(voice.say_and_hang_up())


@bp.post("/voice/screen/<int:call_id>")
@twilio_webhook
def voice_screen(call_id: int):
    """Runs on the customer's leg when answered: the voicemail drop, or the recording notice."""
    call = get_call(call_id, lock=True)
    if call is None:
        return twiml(voice.screen(None, False))
    drop = call_events.apply_machine_screen(call, request.form)
    return twiml(voice.screen(drop, bool(settings.get("record_calls"))))


@bp.post("/voice/recording/<int:call_id>")
@twilio_webhook
def voice_recording(call_id: int):
    """A recording (of a bridged call, or a voicemail) is ready."""
    call = get_call(call_id, lock=True)
    if call is not None and call_events.apply_recording(call, request.form) and call.direction == "inbound":
        inbound_calls.log_voicemail(call)
    return nothing()


@bp.post("/voice/voicemail/<int:call_id>")
@twilio_webhook
def voice_voicemail(call_id: int):
    """The caller finished their message."""
    return twiml(inbound_calls.after_voicemail())
