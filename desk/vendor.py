"""Copy the browser libraries installed by npm into static/vendor (git-ignored), and write the
softphone's tones beside them (desk.sounds)."""
import shutil
from pathlib import Path

from desk.sounds import write_sounds

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "node_modules/@twilio/voice-sdk/dist/twilio.min.js": "twilio-voice.min.js",
    "node_modules/htmx.org/dist/htmx.min.js": "htmx.min.js",
}


def copy_vendor() -> list[str]:
    target = ROOT / "static" / "vendor"
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for source, name in FILES.items():
        path = ROOT / source
        if not path.exists():
            raise SystemExit(f"{source} is missing: run `npm ci` first")
        shutil.copyfile(path, target / name)
        copied.append(name)
    return copied + write_sounds(target / "sounds")


if __name__ == "__main__":
    print("Copied", ", ".join(copy_vendor()), "to static/vendor/")
