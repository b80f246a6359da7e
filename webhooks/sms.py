"""Twilio's SMS webhooks: inbound texts and outbound status callbacks. Thin: the verbs decide."""
from flask import Response, request

from desk.errors import Invalid
from desk.sms.delivery import apply_status_callback
from desk.sms.inbound import receive_sms
from webhooks import bp
from webhooks.store import twilio_webhook

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@bp.post("/sms")
@twilio_webhook
def sms_inbound():
    """A customer's text (Twilio's "A message comes in" URL). A form without MessageSid or From
    is kept raw and answered 400 (nothing to apply, nothing to retry)."""
    try:
        receive_sms(request.form)
    except Invalid as exc:
        return Response(exc.message + "\n", 400, mimetype="text/plain")
    return Response(EMPTY_TWIML, mimetype="text/xml")


@bp.post("/sms/status")
@twilio_webhook
def sms_status():
    """Status of a text we sent (the StatusCallback given when sending; ?m= is our message id)."""
    apply_status_callback(request.form, request.args.get("m"))
    return Response("", 204)
