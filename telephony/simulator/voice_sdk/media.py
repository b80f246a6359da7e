"""The simulated customer's audio over WebRTC (aiortc): it plays a recorded line (a beep
sequence made in code) and counts the frames it hears. Two peers can be joined (`join`): each
browser then hears what the other sends (aiortc's MediaRelay), as when the dev phone's customer
talks to a collector's softphone. Loopback only: aioice skips 127.0.0.1 when it gathers host
candidates, so the peer gathers on 127.0.0.1 itself and nowhere else."""
import asyncio
import contextlib
import fractions
import math
import time

import av
from aiortc import RTCConfiguration, RTCPeerConnection, RTCRtpSender, RTCSessionDescription
from aiortc.contrib.media import MediaRelay
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
    """What the browser hears: the beep line (or silence) in real time, or, once `source` is
    set, the frames of another browser restamped onto this line's clock. Counts frames sent
    and how many of them were relayed."""

    kind = "audio"

    def __init__(self, silent: bool = False):
        super().__init__()
        self.silent = silent
        self.source: MediaStreamTrack | None = None
        self.sent = self.relayed = 0
        self._start: float | None = None
        self._samples = 0  # at RATE: the next frame's pts

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self.source is not None:
            try:
                frame = await self.source.recv()
            except MediaStreamError:
                self.source, self._start = None, None  # the other side left: back to our own line
            else:
                self.relayed += 1
                return self._stamp(frame)
        await self._pace()
        frame = av.AudioFrame(format="s16", layout="mono", samples=SAMPLES)
        frame.planes[0].update(bytes(SAMPLES * 2) if self.silent else _line_samples(self.sent))
        frame.sample_rate = RATE
        return self._stamp(frame)

    async def _pace(self) -> None:
        now = time.monotonic()
        if self._start is None:
            self._start = now - self._samples / RATE
        wait = self._start + self._samples / RATE - now
        if wait > 0:
            await asyncio.sleep(wait)

    def _stamp(self, frame: av.AudioFrame) -> av.AudioFrame:
        """One continuous timeline whatever the frames came from (the encoder resamples by pts)."""
        rate = frame.sample_rate
        frame.pts, frame.time_base = self._samples * rate // RATE, fractions.Fraction(1, rate)
        self._samples += frame.samples * RATE // rate
        self.sent += 1
        return frame


def av_copy(frame: av.AudioFrame) -> av.AudioFrame:
    """A frame of the same samples with its own timestamps (relayed frames are shared)."""
    copy = av.AudioFrame(format=frame.format.name, layout=frame.layout.name, samples=frame.samples)
    for plane, source in zip(copy.planes, frame.planes, strict=True):
        plane.update(bytes(source))
    copy.sample_rate, copy.pts = frame.sample_rate, None
    return copy


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
    """One browser call's media: the customer line out, a frame count in. `silent`: the line
    plays silence until joined (the dev phone's customer is a person, not the beep line)."""

    def __init__(self, silent: bool = False):
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.line = CustomerLine(silent)
        self.received = 0
        self.heard: MediaStreamTrack | None = None  # the browser's audio, as it arrives
        self._relay = MediaRelay()
        self._readers: list[asyncio.Task] = []
        self._captured = bytearray()
        self._capture: asyncio.Task | None = None
        self.pc.on("track", self._on_track)

    def _on_track(self, track) -> None:
        if track.kind == "audio":
            self.heard = track
            self._readers.append(asyncio.ensure_future(self._count(self._relay.subscribe(track))))

    def join(self, other: "MediaPeer") -> None:
        """Each browser hears the other from now on (run on the media's loop)."""
        for listener, speaker in ((self, other), (other, self)):
            if speaker.heard is not None:
                listener.line.source = speaker._relay.subscribe(speaker.heard)

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

    def start_capture(self) -> bool:
        """Keep what the browser sends (16-bit mono 8 kHz) until stop_capture; False when the
        browser sends nothing (run on the media's loop)."""
        if self.heard is None:
            return False
        self._captured = bytearray()
        self._capture = asyncio.ensure_future(self._keep(self._relay.subscribe(self.heard)))
        return True

    async def _keep(self, track) -> None:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await track.recv()
                for out in resampler.resample(av_copy(frame)):
                    self._captured += bytes(out.planes[0])[:out.samples * 2]

    async def stop_capture(self) -> bytes:
        if self._capture is not None:
            self._capture.cancel()
            self._capture = None
        return bytes(self._captured)

    def stats(self) -> dict:
        return {"received_frames": self.received, "sent_frames": self.line.sent,
                "relayed_frames": self.line.relayed}

    async def close(self) -> None:
        await self.pc.close()
        for reader in self._readers:
            reader.cancel()
