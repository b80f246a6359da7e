"""Small TwiML helpers over twilio's builders (never hand-written XML)."""
from flask import Response
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse


def twiml_response(document: VoiceResponse | MessagingResponse) -> Response:
    """A Flask response carrying a TwiML document."""
    return Response(str(document), mimetype="text/xml")


def empty_messaging() -> Response:
    """The answer to an inbound text when the desk replies later (or not at all)."""
    return twiml_response(MessagingResponse())


def say_and_hang_up(text: str) -> Response:
    """Speak a sentence, then end the call."""
    response = VoiceResponse()
    response.say(text)
    response.hangup()
    return twiml_response(response)
