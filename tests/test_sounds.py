"""The softphone's tones: every sound the Voice SDK plays is written as a WAV file at install time."""
import re
import wave
from pathlib import Path

import pytest

from desk.sounds import sound_names, write_sounds

SDK_DEVICE = Path(__file__).resolve().parent.parent / "node_modules/@twilio/voice-sdk/lib/twilio/device.ts"


def test_every_sdk_sound_is_written(tmp_path):
    written = write_sounds(tmp_path)
    assert sorted(written) == sorted(f"sounds/{name}.wav" for name in sound_names())
    for name in sound_names():
        with wave.open(str(tmp_path / f"{name}.wav")) as tone:
            assert tone.getnchannels() == 1 and tone.getframerate() == 8000 and tone.getnframes() > 0


def test_the_names_are_the_sdks():
    if not SDK_DEVICE.exists():
        pytest.skip("no npm packages installed here")
    declared = re.search(r"_defaultSounds[^{]*{(.*?)};", SDK_DEVICE.read_text(), re.S).group(1)
    assert sorted(re.findall(r"^\s*(\w+):", declared, re.M)) == sorted(sound_names())
