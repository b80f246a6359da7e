"""A Python stand-in for the Voice SDK in the browser: the signalling socket (websockets) and,
for media, the same aiortc peer the simulator uses (gathering on 127.0.0.1 only)."""
import asyncio
import json
import ssl

from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VoiceGrant
from websockets.asyncio.client import connect

from telephony.simulator.voice_sdk.media import MediaPeer


def token_for(sim, identity: str = "user-1", ttl: int = 600, secret: str | None = None, app: str | None = None) -> str:
    token = AccessToken(sim.account_sid, sim.api_key_sid, secret or sim.api_key_secret, identity=identity, ttl=ttl)
    token.add_grant(VoiceGrant(outgoing_application_sid=app or sim.twiml_app_sid, incoming_allow=True))
    return token.to_jwt()


class Browser:
    """One socket to the simulator's signalling; `expect` skips keepalives and other types."""

    def __init__(self, socket):
        self.socket = socket
        self.peer: MediaPeer | None = None

    @classmethod
    async def open(cls, host: str) -> "Browser":
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        return cls(await connect(f"wss://{host}/signal", ssl=context))

    @classmethod
    async def registered(cls, host: str, token: str) -> tuple["Browser", dict]:
        """A socket that has listened with the token and been answered "connected"."""
        browser = await cls.open(host)
        await browser.listen(token)
        return browser, await browser.expect("connected")

    async def send(self, kind: str, payload: dict) -> None:
        await self.socket.send(json.dumps({"type": kind, "version": "1.6", "payload": payload}))

    async def expect(self, kind: str, timeout: float = 10.0) -> dict:
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.socket.recv()
                if frame.strip() and json.loads(frame)["type"] == kind:
                    return json.loads(frame)["payload"]

    async def listen(self, token: str) -> None:
        await self.send("listen", {"token": token, "browserinfo": {}, "reconnectTimeout": 0})

    async def invite(self, params: str) -> dict:
        """Place a call: our offer out, the simulator's answer applied; the answer's payload."""
        self.peer = MediaPeer()
        await self.send("invite", {"callsid": "TJSlocal", "sdp": await self.peer.offer(), "twilio": {"params": params}})
        answer = await self.expect("answer")
        await self.peer.accept(answer["sdp"])
        return answer

    async def close(self) -> None:
        if self.peer:
            await self.peer.close()
        await self.socket.close()
