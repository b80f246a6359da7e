"""Calls: REST create/fetch/update, call legs and their status events.

Time is virtual: every wait is in Twilio seconds, slept as seconds x sim.time_scale, so durations
(CallDuration, DialCallDuration) are the same whatever the speed. A party's `budget` is how long
they stay on the line after answering (the script's talk_seconds).
"""
import math
import threading
import time

from telephony.simulator.callbacks import StatusStream
from telephony.simulator.spec import E164, ApiError, example
from telephony.simulator.state import CALLBACK_FAULTS, Resource, new_sid, rfc2822

MACHINE = {"DetectMessageEnd": "machine_end_beep", "Enable": "machine_start"}
FINAL = ("completed", "busy", "no-answer", "failed", "canceled")


class Leg:
    """One call leg: its resource, script, status callback subscription and clock."""

    def __init__(self, sim, res: Resource, callback: str | None, events, method="POST",
                 amd: str | None = None, faults=None):
        self.sim, self.res, self.sid = sim, res, res.sid
        self.script = sim.world.script_for(res.data["to"] if res.data["direction"] != "inbound"
                                           else res.data["from"])
        self.callback, self.method = callback, (method or "POST").upper()
        self.events = set(events or []) | ({"completed"} if callback else set())
        self.amd = amd
        self.seq = 0
        self.rang = 0.0  # virtual seconds spent ringing
        self.talked = 0.0
        self.budget = float(self.script.talk_seconds)
        self.ended = False
        self.interrupt = threading.Event()  # hangup or redirect asked over REST or the dev page
        self.redirect: tuple[str, str] | None = None
        self.hung_up = False  # its party hung up (REST, the dev page, the softphone)
        self.partner: Leg | None = None  # the leg bridged with this one while <Dial> talks
        self.on_finish: list = []  # called with the leg once it ended (the softphone's hang-up)
        self.stream = StatusStream(sim, faults if faults is not None else sim.world.take_faults(CALLBACK_FAULTS))
        with sim.world.lock:
            sim.world.calls[self.sid] = res
            sim.legs[self.sid] = self

    # -- clock ---------------------------------------------------------------------------
    def remaining(self) -> float:
        return max(0.0, self.budget - self.talked)

    def wait(self, seconds: float) -> bool:
        """Sleep virtual seconds; True when interrupted (hangup/redirect) or the sim stops."""
        return self.sim.sleep(seconds, self.interrupt)

    def spend(self, seconds: float) -> bool:
        """Talk for up to `seconds` of this party's budget; False once the call is over.
        Interrupted, only the virtual time that passed is spent."""
        part = min(seconds, self.remaining())
        started = time.monotonic()
        interrupted = self.wait(part)
        if interrupted and self.sim.time_scale > 0:
            part = min(part, (time.monotonic() - started) / self.sim.time_scale)
        self.talked += part
        if interrupted or self.remaining() <= 0:
            return False
        return True

    # -- status --------------------------------------------------------------------------
    def params(self) -> dict:
        """The parameters Twilio sends with every request about this call."""
        d = self.res.data
        params = {"CallSid": self.sid, "AccountSid": self.sim.account_sid, "From": d["from"],
                  "To": d["to"], "Caller": d["from"], "Called": d["to"], "CallStatus": d["status"],
                  "Direction": d["direction"], "ApiVersion": "2010-04-01",
                  "ParentCallSid": d.get("parent_call_sid")}
        if self.amd and d.get("answered_by"):
            params["AnsweredBy"] = d["answered_by"]
        return params

    def set_status(self, status: str, **fields) -> None:
        with self.sim.world.lock:
            self.res.data.update(status=status, date_updated=rfc2822(), **fields)

    def emit(self, event: str, status: str) -> None:
        """Move to `status` and post the call-progress event if it was asked for."""
        self.set_status("queued" if status == "initiated" else status)
        self.res.events.append(status)
        if event not in self.events:
            return
        params = {**self.params(), "CallStatus": status, "SequenceNumber": str(self.seq),
                  "Timestamp": rfc2822(), "CallbackSource": "call-progress-events"}
        if event == "completed":
            params.update(CallDuration=str(int(self.talked)), Duration=str(math.ceil(self.talked / 60)),
                          SipResponseCode={"completed": "200", "busy": "486", "no-answer": "487",
                                           "failed": "503", "canceled": "487"}[status])
        self.seq += 1
        self.stream.send(self.callback, params, self.method)

    def finish(self, status: str = "completed") -> None:
        """End the leg once: final status, duration, the completed event, flush callbacks."""
        if self.ended:
            return
        self.ended = True
        self.set_status(status, duration=str(int(self.talked)), end_time=rfc2822())
        self.emit("completed", status)
        self.stream.close()
        for hook in self.on_finish:
            hook(self)

    # -- ringing -------------------------------------------------------------------------
    def ring(self, timeout: float, patience: float | None = None) -> str:
        """Ring this leg: 'answered', 'busy', 'no-answer', 'failed' or 'canceled' (the caller
        gave up after `patience` seconds)."""
        self.emit("initiated", "initiated")
        behaviour = self.script.call
        if behaviour == "failed":
            self.rang = 1.0
            return "canceled" if self.wait(1) else "failed"
        self.emit("ringing", "ringing")
        limit = timeout if patience is None else min(timeout, patience)
        if behaviour == "manual":
            return self._ring_manual(limit, timeout)
        ring_for = {"busy": 3, "no-answer": timeout}.get(behaviour, self.script.ring_seconds)
        if ring_for >= limit and (behaviour == "no-answer" or ring_for > limit or ring_for >= timeout):
            self.rang = limit
            self.wait(limit)
            return "no-answer" if limit >= timeout else "canceled"
        self.rang = ring_for
        if self.wait(ring_for):
            return "canceled"
        return "busy" if behaviour == "busy" else "answered"

    def _ring_manual(self, limit: float, timeout: float) -> str:
        """Ring until someone answers or declines on the dev phone page."""
        decided = threading.Event()
        with self.sim.world.lock:
            self.sim.world.ringing[self.sid] = decided
        self.sim.sleep(limit, decided)
        with self.sim.world.lock:
            self.sim.world.ringing.pop(self.sid, None)
            answer = self.sim.world.answers.pop(self.sid, None)
        if answer == "answer":
            return "answered"
        if answer == "decline":
            return "busy"
        return "no-answer" if limit >= timeout else "canceled"

    def answer(self) -> None:
        """Picked up: answering machine detection (if asked) and the answered event."""
        machine = self.script.call == "voicemail"
        if self.script.call == "hangup":
            self.budget = min(self.budget, 2.0)
        answered_by = None
        if self.amd:
            answered_by = MACHINE.get(self.amd, "machine_start") if machine else "human"
        self.set_status("in-progress", start_time=rfc2822(), answered_by=answered_by)
        self.emit("answered", "in-progress")
        if self.amd:
            self.spend(8 if machine and self.amd == "DetectMessageEnd" else 2)


def _check_create(params: dict) -> None:
    to = params["To"]
    if not (E164.match(to) or to.startswith("client:") or to.startswith("sip:")):
        raise ApiError(21211, f"The 'To' number {to} is not a valid phone number.")
    if not (params.get("Url") or params.get("Twiml") or params.get("ApplicationSid")):
        raise ApiError(21205, "A 'Url', 'Twiml' or 'ApplicationSid' parameter is required.")


def new_resource(sim, to: str, from_: str, direction: str, parent: str | None = None) -> Resource:
    """A call resource shaped like the spec's example."""
    sid = new_sid("CA")
    data = example("CreateCall")
    now = rfc2822()
    data.update(sid=sid, account_sid=sim.account_sid, to=to, to_formatted=to, from_formatted=from_,
                status="queued", direction=direction, parent_call_sid=parent, duration=None,
                answered_by=None, start_time=None, end_time=None, date_created=now, date_updated=now,
                price=None, forwarded_from=None, phone_number_sid=None, queue_time="0",
                uri=f"/2010-04-01/Accounts/{sim.account_sid}/Calls/{sid}.json")
    data["from"] = from_
    for key, uri in list(data.get("subresource_uris", {}).items()):
        data["subresource_uris"][key] = uri.replace("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", sim.account_sid) \
            .replace("CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", sid)
    return Resource(sid, data)


def create(sim, params: dict) -> Resource:
    """Accept a CreateCall request, or raise ApiError; the call runs on a thread."""
    _check_create(params)
    res = new_resource(sim, params["To"], params["From"], "outbound-api")
    res.params = params
    leg = Leg(sim, res, params.get("StatusCallback"), params.get("StatusCallbackEvent"),
              params.get("StatusCallbackMethod"), params.get("MachineDetection"))
    answer = Resource(sid=res.sid, data=dict(res.data))  # as created, before the flow moves on
    sim.spawn(run_outbound, sim, leg)
    return answer


def run_outbound(sim, leg: Leg) -> None:
    """A REST-created call: ring, answer, then run the TwiML at Url (or the inline Twiml)."""
    from telephony.simulator.engine import run_call

    outcome = leg.ring(float(leg.res.params.get("Timeout") or 60))
    if outcome != "answered":
        leg.finish(outcome if outcome != "canceled" else "canceled")
        return
    leg.answer()
    p = leg.res.params
    run_call(leg, url=p.get("Url"), method=p.get("Method", "POST"), twiml=p.get("Twiml"))


def update(sim, sid: str, params: dict) -> Resource:
    """UpdateCall: Status=completed|canceled hangs up; Url/Twiml redirects a live call."""
    with sim.world.lock:
        leg = sim.legs.get(sid)
    if leg is None:
        raise ApiError(20404, "The requested resource was not found", 404)
    if leg.ended:
        raise ApiError(21220, "Call is not in-progress. Cannot redirect.")
    if params.get("Url") or params.get("Twiml"):
        leg.redirect = (params.get("Url") or "", params.get("Method", "POST"), params.get("Twiml"))
    elif params.get("Status") in ("completed", "canceled"):
        leg.budget = leg.talked
    leg.interrupt.set()
    return leg.res
