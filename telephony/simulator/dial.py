"""<Dial>: a child leg to a <Number> or <Client>, bridged with the parent, then the action."""
from telephony.simulator.calls import Leg, new_resource
from telephony.simulator.engine import STOP, execute, fetch, parse, post_recording_status, recording_fields


def _nouns(el) -> list[tuple[str, dict]]:
    """Each noun's address and attributes (a bare number is a <Number>)."""
    nouns = []
    for noun in el:
        if noun.tag == "Number":
            nouns.append(((noun.text or "").strip(), dict(noun.attrib)))
        elif noun.tag == "Client":
            identity = (noun.findtext("Identity") or noun.text or "").strip()
            nouns.append((f"client:{identity}", dict(noun.attrib)))
    return nouns or [((el.text or "").strip(), {})]


def _target(parent: Leg, el) -> tuple[str, dict]:
    """The noun that rings. Twilio rings every noun at once; the simulator rings one: the first
    <Client> with a registered softphone, else the first <Number>, else the first noun."""
    nouns = _nouns(el)
    signalling = parent.sim.signalling
    for to, attrs in nouns:
        if to.startswith("client:") and signalling and signalling.registered_session(to.removeprefix("client:")):
            return to, attrs
    return next(((to, attrs) for to, attrs in nouns if not to.startswith("client:")), nouns[0])


def _ring(child: Leg, timeout: float, patience: float) -> str:
    """A <Client> rings a browser while signalling is served; without it the client's
    script answers (the simulator plays a softphone)."""
    if child.res.data["to"].startswith("client:") and child.sim.signalling is not None:
        from telephony.simulator.voice_sdk.softcalls import ring_client

        return ring_client(child, timeout)
    return child.ring(timeout, patience=patience)


def _child(parent: Leg, el, to: str, attrs: dict) -> Leg:
    res = new_resource(parent.sim, to, el.get("callerId") or parent.res.data["from"],
                       "outbound-dial", parent=parent.sid)
    events = (attrs.get("statusCallbackEvent") or "").split()
    return Leg(parent.sim, res, attrs.get("statusCallback"), events, attrs.get("statusCallbackMethod"),
               attrs.get("machineDetection"), faults=parent.stream.faults)


def _bridge(parent: Leg, child: Leg, time_limit: float) -> float:
    """Both talk until one hangs up (or timeLimit); returns the bridged seconds."""
    talk = min(child.remaining(), parent.remaining(), time_limit)
    start = parent.talked
    child.partner = parent
    parent.spend(talk)
    child.partner = None
    if child.hung_up and parent.redirect is None and parent.remaining() > 0:
        parent.interrupt.clear()  # the called party hung up: the caller goes on to the action
    talk = parent.talked - start
    child.talked += talk
    if parent.remaining() > 0 and talk >= time_limit:
        child.budget = child.talked
    return talk


def dial(parent: Leg, el):
    """Run a Dial verb on `parent`; returns the action's document, STOP, or None to go on."""
    to, attrs = _target(parent, el)
    child = _child(parent, el, to, attrs)
    outcome = _ring(child, float(el.get("timeout") or 30), parent.remaining())
    parent.talked = min(parent.budget, parent.talked + child.rang)  # the caller listened to it ring
    seconds = 0.0
    if outcome == "answered":
        child.answer()
        if attrs.get("url"):
            _whisper(child, attrs)
        if not child.ended and child.remaining() > 0:
            seconds = _bridge(parent, child, float(el.get("timeLimit") or 14400))
            child.finish("completed")
        dial_status = "completed"
    else:
        if outcome == "canceled":
            parent.talked = parent.budget  # the caller gave up while it rang
        child.finish(outcome)
        dial_status = outcome
    result = {"DialCallStatus": dial_status, "DialCallSid": child.sid,
              "DialCallDuration": str(int(seconds)) if outcome == "answered" else None}
    if (el.get("record") or "do-not-record").startswith("record"):
        fields = recording_fields(parent, seconds)
        result.update(fields)
        post_recording_status(parent, el.get("recordingStatusCallback"), fields, "DialVerb")
    return _after(parent, el, result)


def _whisper(child: Leg, attrs: dict) -> None:
    """The Number's url runs on the child leg before the bridge (a whisper or AMD screen)."""
    doc = fetch(child, attrs["url"], attrs.get("method", "POST"))
    root = parse(doc)
    if root is not None and execute(child, root) is None and child.remaining() <= 0:
        child.finish("completed")


def _after(parent: Leg, el, result: dict):
    """Post the Dial action; its TwiML continues the call only if the caller is still on."""
    action = el.get("action")
    live = parent.remaining() > 0 and not parent.ended
    if not action:
        return None if live else STOP
    doc = fetch(parent, action, el.get("method", "POST"), {k: v for k, v in result.items() if v is not None})
    return doc if live and doc else STOP

