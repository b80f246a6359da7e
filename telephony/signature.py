"""Checks that a webhook really comes from Twilio (X-Twilio-Signature).

Twilio signs the exact URL it called plus every POST parameter with the account's auth token.
Behind a TLS proxy `request.url` is not that URL (scheme, host, port differ), so it is rebuilt
from PUBLIC_BASE_URL + path + the query string exactly as sent.
"""
import logging

from flask import Response, current_app, request
from twilio.request_validator import RequestValidator, get_signature_algorithm

log = logging.getLogger(__name__)


def url_as_called() -> str:
    """The URL Twilio requested: PUBLIC_BASE_URL (when set) + path + raw query string."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if base:
        url = base.rstrip("/") + request.path
    else:
        url = request.host_url.rstrip("/") + request.script_root + request.path
    query = request.query_string.decode("latin-1")
    return f"{url}?{query}" if query else url


def signing_tokens() -> list[str]:
    """The auth token, then the previous one while a rotation is under way."""
    cfg = current_app.config
    return [t for t in (cfg["TWILIO_AUTH_TOKEN"], cfg["TWILIO_AUTH_TOKEN_PREVIOUS"]) if t]


def _signed_params():
    """What Twilio signed besides the URL: the form, or the raw body when bodySHA256 is sent."""
    if "bodySHA256" in request.args:
        return request.get_data(as_text=True)
    if request.method == "POST":
        return request.form
    return {}


def is_valid_request() -> bool:
    """True when X-Twilio-Signature matches under the current or the previous auth token."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    url = url_as_called()
    params = _signed_params()
    algorithm = get_signature_algorithm(request.headers.get("X-Twilio-Webhooks-Signature-Settings"))
    return any(RequestValidator(token).validate(url, params, signature, algorithm)
               for token in signing_tokens())


def refused() -> Response:
    """403 without a page template, so a forged request costs nothing and never 500s."""
    log.warning("twilio signature refused on %s", request.path)
    return Response("Forbidden: bad or missing X-Twilio-Signature\n", 403, mimetype="text/plain")

