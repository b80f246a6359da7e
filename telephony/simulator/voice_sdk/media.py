"""The simulated customer's audio over WebRTC (aiortc): it plays a recorded line (a beep
sequence made in code) and counts the frames it hears. Loopback only: aioice skips 127.0.0.1
when it gathers host candidates, so the peer gathers on 127.0.0.1 itself and nowhere else."""
import asyncio
import fractions
import math
import time

import av
from aiortc import RTCConfiguration, RTCPeerConnection, RTCRtpSender, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

RATE = 8000
SAMPLES = 160  # 20 ms
LOOPBACK = "127.0.0.1"


def _line_samples(index: int) -> bytes:
    """Frame `index` of the customer's line: 440/660 Hz beeps, 200 ms on, 200 ms off."""
    if (index // 10) % 2:
        return bytes(SAMPLES * 2)
    freq = 440 if (index // 20) % 2 else 660
    start = index * SAMPLES
    return b"".join(int(8000 * math.sin(2 * math.pi * freq * (start + n) / RATE)).to_bytes(2, "little", signed=True)
                    for n in range(SAMPLES))


class CustomerLine(MediaStreamTrack):
    """Plays the beep line in real time, counting the frames sent."""

    kind = "audio"

    def __init__(self):
        super().__init__()
        self.sent = 0
        self._start: float | None = None

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        wait = self._start + self.sent * SAMPLES / RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        frame = av.AudioFrame(format="s16", layout="mono", samples=SAMPLES)
        frame.planes[0].update(_line_samples(self.sent))
        frame.pts, frame.sample_rate, frame.time_base = self.sent * SAMPLES, RATE, fractions.Fraction(1, RATE)
        self.sent += 1
        return frame


async def _gather_on_loopback(pc: RTCPeerConnection) -> None:
    """Give every ICE transport one host candidate on 127.0.0.1 before aiortc gathers."""
    for transceiver in pc.getTransceivers():
        connection = transceiver.sender.transport.transport.iceGatherer._connection
        if connection._local_candidates_start:
            continue
        candidates = await connection.get_component_candidates(component=1, addresses=[LOOPBACK])
        connection._local_candidates += candidates
        connection._local_candidates_start = connection._local_candidates_end = True


class _Gate:
    """An ICE socket's transport that loses what is sent through it while `cut` (a network
    outage on the customer's side: no audio, no answers to the browser's connectivity checks)."""

    def __init__(self, transport):
        self.transport, self.cut = transport, False

    def sendto(self, data, addr=None) -> None:
        if not self.cut:
            self.transport.sendto(data, addr)

    def __getattr__(self, name):
        return getattr(self.transport, name)


def _ice_protocols(pc: RTCPeerConnection) -> list:
    connections = {id(c): c for c in (t.sender.transport.transport.iceGatherer._connection
                                      for t in pc.getTransceivers())}
    return [p for c in connections.values() for p in c._protocols]


def _prefer_pcmu(pc: RTCPeerConnection) -> None:
    pcmu = [c for c in RTCRtpSender.getCapabilities("audio").codecs if c.mimeType == "audio/PCMU"]
    for transceiver in pc.getTransceivers():
        transceiver.setCodecPreferences(pcmu)


class MediaPeer:
    """One browser call's media: the customer line out, a frame count in."""

    def __init__(self):
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.line = CustomerLine()
        self.received = 0
        self._readers: list[asyncio.Task] = []
        self.pc.on("track", self._on_track)

    def _on_track(self, track) -> None:
        if track.kind == "audio":
            self._readers.append(asyncio.ensure_future(self._count(track)))

    async def _count(self, track) -> None:
        try:
            while True:
                await track.recv()
                self.received += 1
        except MediaStreamError:
            return

    async def answer(self, offer_sdp: str) -> str:
        """Answer the browser's offer (outgoing calls); returns our SDP."""
        await self.pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        self.pc.addTrack(self.line)
        _prefer_pcmu(self.pc)
        await _gather_on_loopback(self.pc)
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        return self.pc.localDescription.sdp

    async def offer(self) -> str:
        """Offer to the browser (incoming calls); returns our SDP."""
        self.pc.addTransceiver(self.line, direction="sendrecv")
        _prefer_pcmu(self.pc)
        await _gather_on_loopback(self.pc)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return self.pc.localDescription.sdp

    async def accept(self, answer_sdp: str) -> None:
        await self.pc.setRemoteDescription(RTCSessionDescription(answer_sdp, "answer"))

    async def cut(self, cut: bool = True) -> None:
        """Send nothing to the browser while `cut` (the browser's ICE then reports the connection
        lost); False: the network is back."""
        for protocol in _ice_protocols(self.pc):
            if not isinstance(protocol.transport, _Gate):
                protocol.transport = _Gate(protocol.transport)
            protocol.transport.cut = cut

    def stats(self) -> dict:
        return {"received_frames": self.received, "sent_frames": self.line.sent}

    async def close(self) -> None:
        await self.pc.close()
        for reader in self._readers:
            reader.cancel()
