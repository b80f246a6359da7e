"""Softphone calls: a browser's `invite` runs the TwiML App's voice URL through the engine with
the browser as the caller's leg; <Dial><Client> rings a registered browser. The simulated
customer on the other side of the media is a MediaPeer. A dev phone customer's `invite` (a token
for the customer app) is a PSTN call from the customer's number to ours; when a softphone answers
it, the two browsers' media are joined."""
import contextlib
import threading
import time
from urllib.parse import parse_qsl, urlencode

from telephony.simulator.calls import Leg, new_resource
from telephony.simulator.voice_sdk.media import MediaPeer

BROWSER_BUDGET = 14400.0  # a person at the browser stays on until they hang up (or Twilio's 4 h)
VOICE_PATH, STATUS_PATH = "/webhooks/twilio/voice", "/webhooks/twilio/voice/status"


class SoftCall:
    """One browser leg: its signalling session, engine leg and media."""

    def __init__(self, session, leg: Leg, browser_id: str | None = None, media: MediaPeer | None = None):
        self.session, self.leg, self.sim = session, leg, leg.sim
        self.browser_id = browser_id or leg.sid  # the id the browser names it by
        self.media = media or MediaPeer()
        self.digits = ""
        self.browser_hung_up = False
        self.decision: str | None = None
        self.decided = threading.Event()
        self.answer_sdp: str | None = None
        leg.budget = BROWSER_BUDGET
        leg.on_finish.append(self._ended)

    # -- from the browser ----------------------------------------------------------------
    def hang_up(self) -> None:
        """The browser hung up (a ringing incoming call: declined)."""
        if not self.decided.is_set():
            self.decide("reject")
            return
        self.browser_hung_up = True
        self.sim.hang_up(self.leg.sid)

    def decide(self, decision: str, sdp: str | None = None) -> None:
        self.decision, self.answer_sdp = decision, sdp
        self.decided.set()

    def add_digits(self, digits: str) -> None:
        self.digits += digits
        with self.sim.world.lock:
            self.sim.world.digits[self.leg.sid] = self.digits

    # -- from the engine -----------------------------------------------------------------
    def _ended(self, leg: Leg) -> None:
        """The engine ended this leg: tell the browser (unless it hung up) and stop the media."""
        signalling = self.sim.signalling
        if signalling is None:
            return
        if not self.browser_hung_up:
            signalling.submit(self.session.send("hangup", {"callsid": self.leg.sid}))
        signalling.submit(self.media.close())
        signalling.forget(self)


def _client_leg(sim, session, params: dict) -> Leg:
    res = new_resource(sim, params.get("To", ""), f"client:{session.grant.identity}", "inbound")
    res.params = params
    res.data["status"] = "ringing"
    return Leg(sim, res, sim.webhook_url(STATUS_PATH), ["completed"])


async def place(session, payload: dict) -> SoftCall:
    """An outgoing `invite`: answer the SDP, make the call resource, run the TwiML App's TwiML."""
    sim = session.server.sim
    params = dict(parse_qsl((payload.get("twilio") or {}).get("params") or "", keep_blank_values=True))
    call = SoftCall(session, _client_leg(sim, session, params), payload.get("callsid"))
    await _connect(call, payload)
    sim.spawn(_run_app, call, params)
    return call


async def place_customer(session, payload: dict, number: str) -> SoftCall:
    """A dev phone customer's `invite`: the customer's number calls ours, as over the PSTN (the
    desk's inbound voice webhook answers); the browser hears silence until a softphone answers."""
    from telephony.simulator.customer import inbound_leg, run_inbound

    sim = session.server.sim
    call = SoftCall(session, inbound_leg(sim, number), payload.get("callsid"), MediaPeer(silent=True))
    await _connect(call, payload)
    sim.spawn(run_inbound, call.leg)
    return call


async def _connect(call: SoftCall, payload: dict) -> None:
    """Answer the browser's offer: it hears `ringing`, then the call is connected."""
    call.session.server.remember(call)
    sdp = await call.media.answer(payload.get("sdp") or "")
    call.decided.set()
    await call.session.send("ringing", {"callsid": call.leg.sid})
    await call.session.send("answer", {"callsid": call.leg.sid, "sdp": sdp})


def _run_app(call: SoftCall, params: dict) -> None:
    from telephony.simulator.engine import run_call

    leg = call.leg
    leg.set_status("in-progress", start_time=leg.res.data["date_created"])
    run_call(leg, url=leg.sim.webhook_url(VOICE_PATH),
             extra={**params, "ApplicationSid": leg.sim.twiml_app_sid, "From": leg.res.data["from"],
                    "To": leg.res.data["to"]})


def ring_client(child: Leg, timeout: float) -> str:
    """<Dial><Client>: invite the identity's registered browser and wait (real seconds: a person
    answers it) for answer, reject or timeout. Rejected, unanswered or unregistered: no-answer;
    the caller hanging up first: canceled."""
    sim = child.sim
    child.emit("initiated", "initiated")
    child.emit("ringing", "ringing")
    signalling = sim.signalling
    session = signalling.registered_session(child.res.data["to"].removeprefix("client:")) if signalling else None
    if session is None:
        return "no-answer"
    call = SoftCall(session, child)
    signalling.remember(call)
    signalling.run(_invite(call))
    caller = sim.legs.get(child.res.data.get("parent_call_sid"))
    started = time.monotonic()
    while not call.decided.wait(0.05):
        gone = caller is not None and caller.hung_up
        if gone or sim._stop.is_set() or time.monotonic() - started >= timeout:
            signalling.submit(session.send("cancel", {"callsid": child.sid}))
            call.decide("canceled" if gone else "timeout")
            break
    child.rang = (time.monotonic() - started) / sim.time_scale
    if call.decision == "canceled":
        return "canceled"  # the caller hung up while it rang
    if call.decision != "answer":
        return "no-answer"
    signalling.run(call.media.accept(call.answer_sdp or ""))
    caller = signalling.call(child.res.data.get("parent_call_sid"))
    if caller is not None:  # a browser calls a browser (the dev phone's customer): each hears the other
        signalling.run(_join(caller.media, call.media))
    return "answered"


async def _join(one: MediaPeer, other: MediaPeer) -> None:
    one.join(other)


async def _invite(call: SoftCall) -> None:
    leg, sim = call.leg, call.sim
    sdp = await call.media.offer()
    parameters = {"CallSid": leg.sid, "From": leg.res.data["from"], "To": leg.res.data["to"],
                  "AccountSid": sim.account_sid, "Params": urlencode({})}
    await call.session.send("invite", {"callsid": leg.sid, "sdp": sdp, "parameters": parameters})


class Heard:
    """What a <Record> heard from a browser: a WAV, or None (no browser on the leg)."""

    audio: bytes | None = None


@contextlib.contextmanager
def recording_of(leg: Leg):
    """Record the browser on `leg` (if any) while the block runs; `.audio` is the WAV after."""
    from telephony.simulator.rest import wav

    heard = Heard()
    signalling = leg.sim.signalling
    call = signalling.call(leg.sid) if signalling else None
    if call is None or not signalling.run(_start_capture(call.media)):
        yield heard
        return
    try:
        yield heard
    finally:
        heard.audio = wav(signalling.run(call.media.stop_capture()))


async def _start_capture(media: MediaPeer) -> bool:
    return media.start_capture()
