"""The softphone's tones, made at install time as small WAV files in static/vendor/sounds/.

The Voice SDK fetches its ring, dial and keypad tones from Twilio's CDN unless every one of them
is given through its `sounds` option; the console passes these (see static/softphone.js), so
the softphone needs nothing from outside the desk. Written with the standard `wave` module, so
no binary file lives in git.
"""
import math
import struct
import wave
from pathlib import Path

RATE = 8000  # samples per second: telephone quality is all a tone needs
VOLUME = 0.3

# (row Hz, column Hz) of each key, the standard DTMF pairs
KEYPAD = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "4": (770, 1209), "5": (770, 1336),
          "6": (770, 1477), "7": (852, 1209), "8": (852, 1336), "9": (852, 1477), "*": (941, 1209),
          "0": (941, 1336), "#": (941, 1477)}
KEY_NAMES = {"*": "s", "#": "h"}  # the SDK's names: dtmfs, dtmfh


def sound_names() -> list[str]:
    """Every sound the SDK plays, by its option name."""
    keys = [f"dtmf{KEY_NAMES.get(key, key)}" for key in KEYPAD]
    return ["incoming", "outgoing", "disconnect", *keys]


def tones() -> dict[str, list[tuple[tuple[int, ...], float]]]:
    """Each sound as a list of (frequencies, seconds); no frequency is silence."""
    made = {
        # US ring: 2 s of 440 + 480 Hz, then quiet; the SDK loops it while a call rings
        "incoming": [((440, 480), 2.0), ((), 2.0)],
        "outgoing": [((440, 480), 0.4)],
        "disconnect": [((480, 620), 0.25), ((), 0.1), ((480, 620), 0.25)],
    }
    for key, pair in KEYPAD.items():
        made[f"dtmf{KEY_NAMES.get(key, key)}"] = [(pair, 0.15)]
    return made


def samples(parts: list[tuple[tuple[int, ...], float]]) -> bytes:
    """16-bit mono PCM for a list of (frequencies, seconds)."""
    out = bytearray()
    for freqs, seconds in parts:
        for n in range(int(RATE * seconds)):
            value = sum(math.sin(2 * math.pi * f * n / RATE) for f in freqs) / max(len(freqs), 1)
            out += struct.pack("<h", int(value * VOLUME * 32767))
    return bytes(out)


def write_sounds(folder: Path) -> list[str]:
    """Write every tone as <name>.wav into `folder`; the names written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, parts in tones().items():
        with wave.open(str(folder / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(samples(parts))
        written.append(f"sounds/{name}.wav")
    return written
