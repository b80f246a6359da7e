"""Downloading a customer's MMS media from Twilio without handing our credentials to anyone else.

Only a media URL of our own account is fetched: `/2010-04-01/Accounts/<our AccountSid>/Messages/
<sid>/Media/<sid>` on https://api.twilio.com or on the configured TWILIO_API_BASE_URL (the
simulator). Basic auth goes with that first request only; the redirect Twilio answers with (to its
CDN) is followed here, by hand, without credentials.
"""
import re
from urllib.parse import urljoin, urlsplit

import requests
from flask import current_app

TWILIO_API = ("https", "api.twilio.com")
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 3
TIMEOUT = 30
_SID = r"[A-Za-z0-9]{2,64}"
_MEDIA_PATH = re.compile(rf"/2010-04-01/Accounts/(?P<account>{_SID})/Messages/{_SID}/Media/{_SID}")


class Refused(ValueError):
    """A URL the desk will not fetch (another host, another account, an odd redirect)."""


def refusal(url: str) -> str | None:
    """Why `url` is not a media URL of our Twilio account, or None when it is."""
    parts = urlsplit(url or "")
    base = urlsplit(current_app.config["TWILIO_API_BASE_URL"] or "")
    origins = {TWILIO_API: "", (base.scheme, base.netloc): base.path.rstrip("/")}
    if (parts.scheme, parts.netloc) not in origins or parts.username or parts.password:
        return "Not a Twilio media URL; not fetched."
    prefix = origins[(parts.scheme, parts.netloc)]
    path = parts.path[len(prefix):] if parts.path.startswith(prefix) else ""
    match = _MEDIA_PATH.fullmatch(path)
    if match is None or parts.query or parts.fragment:
        return "Not a Twilio media URL; not fetched."
    if match["account"] != current_app.config["TWILIO_ACCOUNT_SID"]:
        return "Media of another Twilio account; not fetched."
    return None


def download(url: str) -> tuple[bytes, str]:
    """The media's bytes and content type. Raises Refused for a URL that is not ours, and
    requests' errors (or ValueError) for a failure worth retrying."""
    why = refusal(url)
    if why:
        raise Refused(why)
    cfg = current_app.config
    answer = requests.get(url, auth=(cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_AUTH_TOKEN"]), timeout=TIMEOUT,
                          allow_redirects=False, stream=True)
    for _ in range(MAX_REDIRECTS):
        if not answer.is_redirect:
            break
        answer.close()
        answer = requests.get(_redirect_target(answer), timeout=TIMEOUT, allow_redirects=False, stream=True)
    with answer:
        if answer.is_redirect:
            raise Refused("Too many redirects; not fetched.")
        answer.raise_for_status()
        content = answer.raw.read(MAX_BYTES + 1, decode_content=True)
        if len(content) > MAX_BYTES:
            raise ValueError("media larger than 10 MB")
        return content, answer.headers.get("Content-Type", "application/octet-stream").split(";")[0]


def _redirect_target(answer: requests.Response) -> str:
    target = urljoin(answer.url, answer.headers.get("Location", ""))
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        raise Refused("Redirected to something other than a web address; not fetched.")
    return target
