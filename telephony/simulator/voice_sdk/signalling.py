"""The Voice SDK's signalling socket: `wss://127.0.0.1:PORT/signal`, JSON frames
{type, version, payload}, an asyncio loop (websockets, aiortc) on its own thread."""
import asyncio
import contextlib
import json
import logging
import ssl
import threading
import time

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Response

from telephony.simulator.voice_sdk import softcalls
from telephony.simulator.voice_sdk.access import EXPIRED, NOT_ALLOWED, Grant, Refused, customer_number, verify
from telephony.simulator.voice_sdk.certs import ensure_certificate

log = logging.getLogger(__name__)
VERSION = "1.6"
KEEPALIVE_SECONDS = 5.0  # the SDK reconnects after 15 s of silence
REGION = {"region": "us1", "edge": "ashburn", "home": "us1"}


class Session:
    """One browser's socket: its token's grant once `listen` passed, its registration."""

    def __init__(self, server: "Signalling", socket):
        self.server, self.socket = server, socket
        self.grant: Grant | None = None
        self.calls: dict[str, softcalls.SoftCall] = {}
        self.expiry: asyncio.Task | None = None  # ends the session when its token runs out

    async def send(self, kind: str, payload: dict) -> None:
        with contextlib.suppress(ConnectionClosed):
            await self.socket.send(json.dumps({"type": kind, "version": VERSION, "payload": payload}))

    async def refuse(self, code: int, message: str, callsid: str | None = None) -> None:
        payload = {"error": {"code": code, "message": message}}
        if callsid:
            payload["callsid"] = callsid
        await self.send("error", payload)

    # -- messages ------------------------------------------------------------------------
    async def on_listen(self, payload: dict) -> None:
        try:
            self.grant = verify(payload.get("token"), self.server.sim)
        except Refused as refused:
            self.grant = None
            await self.refuse(refused.code, refused.message)
            return
        self.watch_expiry()
        await self.send("connected", {**REGION, "token": {"identity": self.grant.identity, "ttl": self.grant.ttl}})

    def watch_expiry(self) -> None:
        """A `listen` with a new token (the SDK's updateToken) replaces the old one's deadline."""
        self.stop_watching()
        self.expiry = asyncio.ensure_future(self._expire(self.grant))

    def stop_watching(self) -> None:
        if self.expiry is not None:
            self.expiry.cancel()
            self.expiry = None

    async def _expire(self, grant: Grant) -> None:
        """As Twilio does when a token runs out unrenewed: 31205, unregistered, the socket closed."""
        await asyncio.sleep(max(0.0, grant.expires - time.time()))
        if self.grant is not grant:
            return
        self.expiry = None
        self.server.unregister(self)
        await self.refuse(EXPIRED, "JWT Token Expired")
        self.grant = None
        with contextlib.suppress(ConnectionClosed):
            await self.socket.close(1000, "token expired")

    async def on_register(self, payload: dict) -> None:
        if not (payload.get("media") or {}).get("audio"):
            self.server.unregister(self)
            await self.send("offline", {})
        elif not self.grant.incoming:
            await self.refuse(NOT_ALLOWED, "The token does not allow incoming calls")
        else:
            self.server.register(self)
            await self.send("ready", {})

    async def on_invite(self, payload: dict) -> None:
        callsid = payload.get("callsid")
        if payload.get("reconnect"):
            await self.send("hangup", {"callsid": callsid, "error": {"code": 31005, "message": "Not reconnectable"}})
        elif self.grant.outgoing_app == self.server.sim.customer_app_sid and customer_number(self.grant):
            await softcalls.place_customer(self, payload, customer_number(self.grant))
        elif self.grant.outgoing_app != self.server.sim.twiml_app_sid:
            await self.send("hangup", {"callsid": callsid,
                                       "error": {"code": NOT_ALLOWED, "message": "Unknown TwiML App"}})
        else:
            await softcalls.place(self, payload)

    async def on_answer(self, payload: dict) -> None:
        call = self.server.call(payload.get("callsid"))
        if call is not None:
            call.decide("answer", payload.get("sdp"))

    async def on_reject(self, payload: dict) -> None:
        call = self.server.call(payload.get("callsid"))
        if call is not None:
            call.decide("reject")

    async def on_hangup(self, payload: dict) -> None:
        call = self.server.call(payload.get("callsid"))
        if call is not None:
            await asyncio.to_thread(call.hang_up)

    async def on_dtmf(self, payload: dict) -> None:
        call = self.server.call(payload.get("callsid"))
        if call is not None:
            call.add_digits(str(payload.get("dtmf") or ""))

    async def handle(self, kind: str, payload: dict) -> None:
        if kind == "listen":
            await self.on_listen(payload)
            return
        handler = getattr(self, f"on_{kind}", None)
        if handler is None:
            return
        if self.grant is None:
            await self.refuse(31204, "JWT Token invalid: no accepted listen")
            return
        await handler(payload)


class Signalling:
    """The server; `host` is "127.0.0.1:PORT" once started."""

    def __init__(self, sim, cert_dir):
        self.sim = sim
        self.cert, self.key = ensure_certificate(cert_dir)
        self.loop = asyncio.new_event_loop()
        self.host: str | None = None
        self._sessions: dict[str, Session] = {}  # identity -> registered session
        self._sockets: set = set()  # every open socket, registered or not
        self.down = False  # a network outage: new sockets are refused until restore()
        self._calls: dict[str, softcalls.SoftCall] = {}  # CA sid or the browser's id -> call
        self._lock = threading.Lock()
        self._handing = threading.Lock()  # coroutines handed to the loop vs the loop shutting down
        self._closing = False
        self._thread = threading.Thread(target=self._run_loop, name="twilio-signalling", daemon=True)
        self._server = None

    def start(self) -> "Signalling":
        self._thread.start()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        self._server = self.run(self._listen(context))
        self.host = f"127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                self.run(self._server.wait_closed(), timeout=5)
            self._server = None
        for call in list(self._calls.values()):
            with contextlib.suppress(Exception):
                self.run(call.media.close(), timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)

    def _run_loop(self) -> None:
        self.loop.run_forever()
        with self._handing:  # from here on nothing more is handed to the loop (see _hand)
            self._closing = True
        self.loop.run_until_complete(self._cancel_the_rest())
        self.loop.close()

    @staticmethod
    async def _cancel_the_rest() -> None:
        """What calls ending as the simulator stops handed the loop (a hang-up to send, media to
        close) is cancelled rather than left unawaited."""
        await asyncio.sleep(0)  # coroutines submitted before the stop become tasks
        rest = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in rest:
            task.cancel()
        await asyncio.gather(*rest, return_exceptions=True)

    async def _listen(self, context: ssl.SSLContext):
        return await serve(self._serve, "127.0.0.1", 0, ssl=context, ping_interval=None,
                           process_request=self._refuse_while_down)

    # -- network loss --------------------------------------------------------------------
    def drop(self, down: bool = False) -> None:
        """Cut every socket as a lost network does (no close frame: the browser sees 1006);
        with `down`, refuse new ones until restore()."""
        self.down = down
        self.run(self._abort_all())

    def restore(self) -> None:
        self.down = False

    async def _abort_all(self) -> None:
        for socket in list(self._sockets):
            socket.transport.abort()

    def _refuse_while_down(self, connection, request) -> Response | None:
        return connection.respond(503, "network down\n") if self.down else None

    # -- threads -------------------------------------------------------------------------
    def run(self, coro, timeout: float = 15.0):
        """Run a coroutine on the loop from another thread and return its result (None once the
        simulator is stopping: the coroutine is closed, not left unawaited)."""
        future = self._hand(coro)
        return future.result(timeout) if future is not None else None

    def submit(self, coro) -> None:
        """Run a coroutine on the loop without waiting for it."""
        self._hand(coro)

    def _hand(self, coro):
        """The loop's future for `coro`, or None when the loop is shutting down or closed. A
        coroutine handed over before the shutdown becomes a task that _cancel_the_rest awaits;
        one handed over after would be dropped unawaited by loop.close(), so it is closed here."""
        with self._handing:
            if not self._closing:
                try:
                    return asyncio.run_coroutine_threadsafe(coro, self.loop)
                except RuntimeError:  # the loop is closed
                    pass
        coro.close()
        return None

    # -- registry ------------------------------------------------------------------------
    def register(self, session: Session) -> None:
        with self._lock:
            self._sessions[session.grant.identity] = session

    def unregister(self, session: Session) -> None:
        with self._lock:
            if session.grant and self._sessions.get(session.grant.identity) is session:
                del self._sessions[session.grant.identity]

    def registered_session(self, identity: str) -> Session | None:
        with self._lock:
            return self._sessions.get(identity)

    def remember(self, call: softcalls.SoftCall) -> None:
        with self._lock:
            self._calls[call.leg.sid] = self._calls[call.browser_id] = call
        call.session.calls[call.leg.sid] = call

    def forget(self, call: softcalls.SoftCall) -> None:
        call.session.calls.pop(call.leg.sid, None)

    def call(self, callsid: str | None) -> softcalls.SoftCall | None:
        with self._lock:
            return self._calls.get(callsid or "")

    def cut_media(self, sid: str, cut: bool = True) -> None:
        self.run(self.call(sid).media.cut(cut))

    def media_stats(self, sid: str) -> dict | None:
        call = self.call(sid)
        return call.media.stats() if call else None

    # -- the socket ----------------------------------------------------------------------
    async def _serve(self, socket) -> None:
        if socket.request.path.split("?")[0] != "/signal":
            await socket.close(1008, "not found")
            return
        session = Session(self, socket)
        self._sockets.add(socket)
        keepalive = asyncio.ensure_future(self._keepalive(socket))
        try:
            async for frame in socket:
                await self._dispatch(session, frame)
        except ConnectionClosed:
            pass
        finally:
            keepalive.cancel()
            session.stop_watching()
            self._sockets.discard(socket)
            self.unregister(session)
            for call in list(session.calls.values()):
                await asyncio.to_thread(call.hang_up)

    async def _dispatch(self, session: Session, frame) -> None:
        if not isinstance(frame, str) or not frame.strip():
            return  # the client's keepalive echo
        try:
            message = json.loads(frame)
            kind, payload = message["type"], message.get("payload") or {}
        except (ValueError, KeyError, TypeError):
            return
        try:
            await session.handle(kind, payload)
        except Exception:  # one bad message must not drop the socket
            log.exception("signalling message %s failed", kind)

    async def _keepalive(self, socket) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await asyncio.sleep(KEEPALIVE_SECONDS)
                await socket.send("\n")
