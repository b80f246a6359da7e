"""Voice TwiML the desk answers with, built with twilio's VoiceResponse (never hand-written XML).

Functions take plain values (numbers, absolute URLs) so they know nothing of the desk's models.
"""
from dataclasses import dataclass, field

from twilio.twiml.voice_response import Client, Dial, VoiceResponse

LEG_EVENTS = "initiated ringing answered completed"
RECORDING_NOTICE = "This call is recorded for quality and training purposes."


@dataclass
class Target:
    """Someone to ring: a phone number and/or a softphone identity, with their status callback."""

    number: str | None = None
    identity: str | None = None
    status_callback: str | None = None
    parameters: dict = field(default_factory=dict)  # given to the softphone (call.customParameters)


@dataclass
class Bridge:
    """What the collector's leg does once answered: dial the customer."""

    customer: str
    caller_id: str
    action: str
    status_callback: str
    screen_url: str | None = None  # runs on the customer's leg before the bridge (AMD, notice)
    machine_detection: str | None = None
    recording_callback: str | None = None  # set: the call is recorded
    extra: dict = field(default_factory=dict)


def bridge(spec: Bridge) -> str:
    """Dial the customer from the collector's leg (phone bridge or browser softphone)."""
    response = VoiceResponse()
    record = {"record": "record-from-answer-dual", "recording_status_callback": spec.recording_callback,
              "recording_status_callback_event": "completed"} if spec.recording_callback else {}
    dial = Dial(action=spec.action, caller_id=spec.caller_id, answer_on_bridge=True, **record)
    dial.number(spec.customer, status_callback=spec.status_callback, status_callback_event=LEG_EVENTS,
                url=spec.screen_url, machine_detection=spec.machine_detection)
    response.append(dial)
    return str(response)


def screen(drop: str | None, notice: bool) -> str:
    """The customer's leg before the bridge: a voicemail drop (then hang up) or the recording
    notice. `drop` is a URL to play or words to say."""
    response = VoiceResponse()
    if drop:
        if drop.startswith(("https://", "http://")):
            response.play(drop)
        else:
            response.say(drop)
        response.hangup()
    elif notice:
        response.say(RECORDING_NOTICE)
    return str(response)


def ring(targets: list[Target], action: str, caller_id: str | None = None, timeout: int = 20) -> str:
    """Ring collectors at once (softphones and phones); the action says who, if anyone, answered."""
    response = VoiceResponse()
    dial = Dial(action=action, timeout=timeout, caller_id=caller_id)
    for target in targets:
        if target.identity:
            client = Client(status_callback=target.status_callback, status_callback_event=LEG_EVENTS)
            client.identity(target.identity)
            for name, value in target.parameters.items():
                client.parameter(name=name, value=value)
            dial.append(client)
        if target.number:
            dial.number(target.number, status_callback=target.status_callback,
                        status_callback_event=LEG_EVENTS)
    response.append(dial)
    return str(response)


def voicemail(action: str, recording_callback: str, greeting: str) -> str:
    """Nobody took the call: the caller leaves a message."""
    response = VoiceResponse()
    response.say(greeting)
    response.record(action=action, max_length=180, play_beep=True,
                    recording_status_callback=recording_callback,
                    recording_status_callback_event="completed")
    return str(response)


def say_and_hang_up(words: str | None = None) -> str:
    response = VoiceResponse()
    if words:
        response.say(words)
    response.hangup()
    return str(response)
