"""The Simulator: a local stand-in for Twilio's REST API, served on 127.0.0.1 (port 0) in a thread.

    with Simulator(webhook_base_url="http://127.0.0.1:5000", time_scale=0.002) as sim:
        sim.script("+15005550001", sms="undelivered:30003", call="busy")
        sim.base_url  # what TWILIO_API_BASE_URL points at
"""
import secrets
import threading
import time

from werkzeug.serving import make_server

from telephony.simulator import customer
from telephony.simulator.callbacks import Poster
from telephony.simulator.rest import make_app
from telephony.simulator.state import (
    CALL_BEHAVIOURS,
    CALLBACK_FAULTS,
    REST_FAULTS,
    SMS_BEHAVIOURS,
    Fault,
    Resource,
    Script,
    World,
    new_sid,
    rfc2822,
)

DEFAULT_FROM = "+15005550006"


class Simulator:
    """A fake Twilio account: credentials, REST server, scripted numbers, faults, the customer."""

    def __init__(self, webhook_base_url: str | None = None, auth_token: str | None = None,
                 account_sid: str | None = None, from_number: str = DEFAULT_FROM,
                 time_scale: float = 1.0, webhook_timeout: float = 15.0):
        self.account_sid = account_sid or new_sid("AC")
        self.auth_token = auth_token or secrets.token_hex(16)
        self.from_number = from_number
        self.webhook_base_url = (webhook_base_url or "").rstrip("/") or None
        self.time_scale = time_scale
        self.webhook_timeout = webhook_timeout
        self.world = World()
        self.legs: dict = {}
        self.recordings: dict[str, bytes | None] = {}  # sid -> WAV heard from a browser, or None
        self.poster = Poster(self)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server = None
        self.base_url = None
        self.api_key_sid = new_sid("SK")  # the softphone's access tokens are signed with this key
        self.api_key_secret = secrets.token_hex(16)
        self.twiml_app_sid = new_sid("AP")  # voice URL: <webhook_base_url>/webhooks/twilio/voice
        self.customer_app_sid = new_sid("AP")  # the dev phone's customer: calls to our number
        self.signalling = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> "Simulator":
        """Serve on 127.0.0.1 at an ephemeral port; `base_url` tells where."""
        self._server = make_server("127.0.0.1", 0, make_app(self), threaded=True)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="twilio-simulator", daemon=True)
        thread.start()
        return self

    def start_signalling(self, cert_dir) -> str:
        """Serve the Voice SDK's signalling (TLS, certificate kept in `cert_dir`); its host:port."""
        if self.signalling is None:
            from telephony.simulator.voice_sdk.signalling import Signalling

            self.signalling = Signalling(self, cert_dir).start()
        return self.signalling.host

    @property
    def signalling_host(self) -> str | None:
        """"127.0.0.1:PORT" while signalling is served: the SDK's `chunderw` option."""
        return self.signalling.host if self.signalling else None

    def drop_signalling(self, down: bool = False) -> None:
        """A network loss between the browsers and Twilio: every signalling socket is cut; with
        `down`, browsers cannot connect again until restore_signalling()."""
        self.signalling.drop(down)

    def restore_signalling(self) -> None:
        self.signalling.restore()

    def cut_media(self, call_sid: str, cut: bool = True) -> None:
        """The customer's side of a browser call's audio goes silent on the network (no packets
        reach the browser) until called again with cut=False."""
        self.signalling.cut_media(call_sid, cut)

    def stop(self) -> None:
        """Stop flows (they end at their next wait), signalling and the server."""
        self._stop.set()
        if self.signalling is not None:
            self.signalling.stop()
        for thread in list(self._threads):
            thread.join(timeout=5)
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "Simulator":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def spawn(self, target, *args) -> threading.Thread:
        """Run a message or call flow on its own thread."""
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def sleep(self, seconds: float, event: threading.Event | None = None) -> bool:
        """Wait virtual seconds (x time_scale); True if `event` fired or the simulator stops."""
        deadline = time.monotonic() + max(0.0, seconds) * self.time_scale
        while True:
            if self._stop.is_set() or (event is not None and event.is_set()):
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            (event or self._stop).wait(min(left, 0.05))

    # -- configuration ---------------------------------------------------------------------
    def script(self, number: str, sms: str | None = None, call: str | None = None,
               talk_seconds: int | None = None, ring_seconds: int | None = None) -> Script:
        """Set how `number` behaves (see Script); unspecified parts keep their current value."""
        if sms is not None and sms.partition(":")[0] not in SMS_BEHAVIOURS:
            raise ValueError(f"sms must be one of {SMS_BEHAVIOURS} (optionally :CODE)")
        if call is not None and call not in CALL_BEHAVIOURS:
            raise ValueError(f"call must be one of {CALL_BEHAVIOURS}")
        with self.world.lock:
            current = self.world.scripts.get(number, self.world.default_script)
            new = Script(sms or current.sms, call or current.call,
                         int(talk_seconds if talk_seconds is not None else current.talk_seconds),
                         int(ring_seconds if ring_seconds is not None else current.ring_seconds))
            self.world.scripts[number] = new
        return new

    def fault(self, kind: str, times: int | None = 1, seconds: float = 5.0) -> None:
        """Inject a fault: out_of_order, duplicate, late, retry (callbacks of the next `times`
        messages/calls) or rest_500, rest_timeout (the next `times` REST requests).
        times=None keeps it until clear_faults()."""
        if kind not in CALLBACK_FAULTS + REST_FAULTS:
            raise ValueError(f"fault must be one of {CALLBACK_FAULTS + REST_FAULTS}")
        with self.world.lock:
            self.world.faults.append(Fault(kind, times, float(seconds)))

    def clear_faults(self) -> None:
        with self.world.lock:
            self.world.faults.clear()

    def webhook_url(self, path: str) -> str:
        """Where our number's webhooks go (the desk's public URL)."""
        if not self.webhook_base_url:
            raise RuntimeError("the simulator does not know the desk's URL (webhook_base_url)")
        return self.webhook_base_url + path

    # -- the customer's side -----------------------------------------------------------------
    def customer_sms(self, from_: str, body: str = "", media=None, to: str | None = None) -> Resource:
        """A customer texts our number. media: [(filename, bytes, content_type or None)]."""
        return customer.send_sms(self, from_, body, media, to)

    def customer_call(self, from_: str, talk_seconds: int | None = None, to: str | None = None,
                      wait: bool = False) -> Resource:
        """A customer calls our number (wait=True returns after the call ends)."""
        return customer.place_call(self, from_, talk_seconds, to, wait)

    def answer_call(self, sid: str, decision: str = "answer") -> bool:
        """Answer or decline a ringing call to a number scripted call='manual'."""
        with self.world.lock:
            event = self.world.ringing.get(sid)
            if event is None:
                return False
            self.world.answers[sid] = decision
        event.set()
        return True

    def hang_up(self, sid: str) -> bool:
        """The party on leg `sid` hangs up now."""
        leg = self.legs.get(sid)
        if leg is None or leg.ended:
            return False
        leg.budget = leg.talked
        leg.hung_up = True
        leg.interrupt.set()
        partner = leg.partner
        if partner is not None:  # the bridge runs on the other leg's clock: end it there
            partner.interrupt.set()
        return True

    def deliver_to_phone(self, res: Resource) -> None:
        """A delivered outbound text shows up on the customer's phone (the dev page)."""
        with self.world.lock:
            self.world.phone_inbox.append({"sid": res.sid, "from": res.data["from"], "to": res.data["to"],
                                           "body": res.data.get("body", ""),
                                           "media": res.params.get("MediaUrl") or [], "at": rfc2822()})

    def add_recording(self, sid: str, audio: bytes | None = None) -> None:
        """Keep a recording; `audio` is its WAV when a browser was heard (else it is silence)."""
        with self.world.lock:
            self.recordings[sid] = audio

    # -- looking at what happened --------------------------------------------------------------
    def media_stats(self, call_sid: str) -> dict:
        """Audio frames the simulated customer received from and sent to a softphone call."""
        stats = self.signalling.media_stats(call_sid) if self.signalling else None
        return stats or {"received_frames": 0, "sent_frames": 0}

    def digits(self, call_sid: str) -> str:
        """DTMF digits a softphone sent on this call."""
        with self.world.lock:
            return self.world.digits.get(call_sid, "")

    def deliveries(self, url_contains: str = "") -> list[dict]:
        """Every webhook attempt so far (url, method, params, status, token), oldest first."""
        with self.world.lock:
            return [d for d in self.world.deliveries if url_contains in d["url"]]

    def wait_until(self, predicate, timeout: float = 10.0) -> bool:
        """Poll `predicate()` until true (real seconds); for tests."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.01)
        return bool(predicate())

    def idle(self) -> bool:
        """True when no message or call flow is running."""
        return not any(t.is_alive() for t in self._threads)
