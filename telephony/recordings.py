"""Recordings are served by Twilio behind the account's credentials: the desk fetches them for
its logged-in users rather than handing out Twilio's URLs."""
import requests
from flask import current_app

from telephony.errors import TwilioUnavailable

TIMEOUT = 15.0


def api_base() -> str:
    return current_app.config["TWILIO_API_BASE_URL"].rstrip("/")


def fetch_recording(url: str) -> tuple[bytes, str]:
    """The audio at a recording URL Twilio gave us, and its content type. Only URLs under the
    REST API's base are fetched, so the credentials never go anywhere else."""
    if not url.startswith(api_base() + "/"):
        raise ValueError("not a recording URL of this Twilio account")
    cfg = current_app.config
    try:
        answer = requests.get(url, auth=(cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_AUTH_TOKEN"]), timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise TwilioUnavailable(f"The recording could not be fetched ({type(exc).__name__}).") from exc
    if answer.status_code != 200:
        raise TwilioUnavailable(f"Twilio answered {answer.status_code} for the recording.")
    return answer.content, answer.headers.get("Content-Type", "audio/x-wav")
