"""Runs TwiML on a call leg: fetches documents (signed, like Twilio), follows the verbs.

Supported: Say, Play, Pause, Gather (no input), Record, Redirect, Hangup, Reject, Dial (Number,
Client; action, callerId, timeout, timeLimit, record, answerOnBridge; Number's url,
statusCallback, statusCallbackEvent, machineDetection). Parsing only: TwiML is written by the
desk with twilio's builders.
"""
import logging
import xml.etree.ElementTree as ET

from telephony.simulator.calls import Leg
from telephony.simulator.state import new_sid

log = logging.getLogger(__name__)
MAX_DOCUMENTS = 20  # a redirect loop ends the call instead of running forever


def fetch(leg: Leg, url: str, method: str = "POST", extra: dict | None = None) -> str | None:
    """Request a TwiML document for this leg; None (and the call ends) on any failure."""
    answer = leg.sim.poster.request(url, {**leg.params(), **(extra or {})}, method or "POST")
    if answer is None or answer.status_code >= 400:
        log.info("TwiML fetch %s failed (11200)", url)
        return None
    return answer.text


def parse(text: str | None):
    """The <Response> element, or None when the document is not TwiML (error 12100)."""
    if not text:
        return None
    try:
        root = ET.fromstring(text.strip())
    except ET.ParseError:
        log.info("document is not XML (12100)")
        return None
    return root if root.tag == "Response" else None


def run_call(leg: Leg, url: str | None = None, method: str = "POST", twiml: str | None = None,
             extra: dict | None = None) -> None:
    """Run documents until the call ends, then post its completed event."""
    doc = twiml if twiml else (fetch(leg, url, method, extra) if url else None)
    for _ in range(MAX_DOCUMENTS):
        root = parse(doc)
        if root is None:
            break
        doc = execute(leg, root)
        if doc is None:
            break
    leg.finish("completed")


def _take_redirect(leg: Leg) -> str | None:
    """A REST redirect arrived: fetch the new document (or take the inline TwiML)."""
    url, method, twiml = leg.redirect
    leg.redirect = None
    leg.interrupt.clear()
    return twiml or fetch(leg, url, method)


def execute(leg: Leg, root) -> str | None:
    """Run one document's verbs; return the next document's text, or None when the call ends."""
    for verb in root:
        if leg.remaining() <= 0 or leg.ended:
            return None
        following = VERBS.get(verb.tag, _ignore)(leg, verb)
        if leg.redirect:
            return _take_redirect(leg)
        if following is STOP:
            return None
        if following is not None:
            return following
    return None


STOP = object()


def _say(leg: Leg, el):
    words = len((el.text or "").split()) * int(el.get("loop") or 1)
    return None if leg.spend(1 + words * 0.4) else STOP


def _play(leg: Leg, el):
    return None if leg.spend(5 * max(1, int(el.get("loop") or 1))) else STOP


def _pause(leg: Leg, el):
    return None if leg.spend(int(el.get("length") or 1)) else STOP


def _gather(leg: Leg, el):
    """Nobody presses keys: wait `timeout` seconds and go on (actionOnEmptyResult ignored)."""
    return None if leg.spend(int(el.get("timeout") or 5)) else STOP


def _hangup(leg: Leg, el):
    """This leg hangs up: its time on the line ends here (a child leg's bridge never starts)."""
    leg.budget = leg.talked
    return STOP


def _redirect(leg: Leg, el):
    return fetch(leg, (el.text or "").strip(), el.get("method", "POST")) or STOP


def _ignore(leg: Leg, el):
    log.info("TwiML verb <%s> not simulated; skipped", el.tag)


def recording_fields(leg: Leg, seconds: float, audio: bytes | None = None) -> dict:
    sid = new_sid("RE")
    url = f"{leg.sim.base_url}/2010-04-01/Accounts/{leg.sim.account_sid}/Recordings/{sid}"
    leg.sim.add_recording(sid, audio)
    return {"RecordingSid": sid, "RecordingUrl": url, "RecordingDuration": str(int(seconds))}


def post_recording_status(leg: Leg, callback: str | None, fields: dict, source: str) -> None:
    if callback:
        leg.sim.poster.request(callback, {"AccountSid": leg.sim.account_sid, "CallSid": leg.sid,
                                          "RecordingStatus": "completed", "RecordingChannels": "1",
                                          "RecordingSource": source, **fields})


def _record(leg: Leg, el):
    """The party speaks until maxLength or until they hang up; then action and recording status.
    A browser on the leg (the dev phone's customer) is recorded as it speaks."""
    from telephony.simulator.voice_sdk.softcalls import recording_of

    wanted = int(el.get("maxLength") or 3600)
    before = leg.talked
    with recording_of(leg) as heard:
        still_on = leg.spend(wanted)
    fields = recording_fields(leg, leg.talked - before, heard.audio)
    post_recording_status(leg, el.get("recordingStatusCallback"), fields, "RecordVerb")
    action = el.get("action")
    if not action:
        return None if still_on else STOP
    doc = fetch(leg, action, el.get("method", "POST"), {**fields, "Digits": "" if still_on else "hangup"})
    return doc if still_on else STOP


def _dial(leg: Leg, el):
    from telephony.simulator.dial import dial

    return dial(leg, el)


VERBS = {"Say": _say, "Play": _play, "Pause": _pause, "Gather": _gather, "Hangup": _hangup,
         "Reject": _hangup, "Redirect": _redirect, "Record": _record, "Dial": _dial}
