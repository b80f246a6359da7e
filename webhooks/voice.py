"""Voice webhooks: thin. What to answer is decided in desk.calls.voice_answers."""
from flask import Response, request

from desk.calls import voice_answers
from webhooks import bp
from webhooks.store import twilio_webhook


def twiml(document: str) -> Response:
    return Response(document, mimetype="text/xml")


def nothing() -> Response:
    return Response("", 204)


@bp.post("/voice")
@twilio_webhook
def voice_incoming():
    """Our number's Voice URL (inbound calls), and the TwiML App's (the browser softphone)."""
    return twiml(voice_answers.incoming(request.form))


@bp.post("/voice/status")
@twilio_webhook
def voice_status():
    voice_answers.status(request.args, request.form)
    return nothing()


@bp.post("/voice/bridge/<int:call_id>")
@twilio_webhook
def voice_bridge(call_id: int):
    return twiml(voice_answers.collector_answered(call_id, request.form))


@bp.post("/voice/dial-action/<int:call_id>")
@twilio_webhook
def voice_dial_action(call_id: int):
    return twiml(voice_answers.dial_ended(call_id, request.form, request.args.get("stage")))


@bp.post("/voice/screen/<int:call_id>")
@twilio_webhook
def voice_screen(call_id: int):
    return twiml(voice_answers.customer_answered(call_id, request.form))


@bp.post("/voice/recording/<int:call_id>")
@twilio_webhook
def voice_recording(call_id: int):
    voice_answers.recording_ready(call_id, request.form)
    return nothing()


@bp.post("/voice/voicemail/<int:call_id>")
@twilio_webhook
def voice_voicemail(call_id: int):
    return twiml(voice_answers.voicemail_left())
