"""The one place that talks to Twilio's REST API.

`get_client()` builds twilio-python's `Client` from app config. `TWILIO_API_BASE_URL` (set by the
embedded simulator, or by hand) sends its requests elsewhere without changing any other code.
Every function raises the desk's exceptions from telephony.errors, never twilio's.
"""
from dataclasses import dataclass

from flask import current_app, has_request_context, request
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from telephony.errors import translated

TWILIO_API = "https://api.twilio.com"


class BaseUrlHttpClient(TwilioHttpClient):
    """twilio-python's HTTP client with https://api.twilio.com replaced by another base URL."""

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


@dataclass(frozen=True)
class Sent:
    """What the desk keeps from a create: the resource's sid and its first status."""

    sid: str
    status: str


def build_client(config) -> Client:
    """A twilio Client for this config (sid, token, optional base URL and timeout)."""
    timeout = config["TWILIO_HTTP_TIMEOUT"]
    base = config["TWILIO_API_BASE_URL"].rstrip("/")
    if base != TWILIO_API:
        http = BaseUrlHttpClient(base, timeout=timeout)
    else:
        http = TwilioHttpClient(timeout=timeout)
    return Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"], http_client=http)


def get_client() -> Client:
    """The app's client, built once per configuration (the simulator may change it at start)."""
    cfg = current_app.config
    key = (cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_AUTH_TOKEN"], cfg["TWILIO_API_BASE_URL"], cfg["TWILIO_HTTP_TIMEOUT"])
    cached = current_app.extensions.get("twilio_client")
    if not cached or cached[0] != key:
        cached = (key, build_client(cfg))
        current_app.extensions["twilio_client"] = cached
    return cached[1]


def public_base_url() -> str:
    """PUBLIC_BASE_URL, else the URL this request came in at (development without a proxy)."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if base:
        return base.rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    served = current_app.config["DESK_SERVED_AT"]
    if served:
        return served.rstrip("/")
    raise RuntimeError("PUBLIC_BASE_URL is not set and there is no request to take the URL from")


def callback_url(endpoint: str, **values) -> str:
    """The absolute URL Twilio reaches one of the desk's endpoints at ('webhooks.sms_status');
    values the route does not take become the query. Built from the URL map alone, so jobs can
    build it outside any request."""
    path = current_app.url_map.bind("callback.invalid").build(endpoint, values)
    return public_base_url() + path


def _sender(from_: str | None) -> dict:
    cfg = current_app.config
    if from_:
        return {"from_": from_}
    if cfg["TWILIO_MESSAGING_SERVICE_SID"]:
        return {"messaging_service_sid": cfg["TWILIO_MESSAGING_SERVICE_SID"]}
    return {"from_": cfg["TWILIO_FROM_NUMBER"]}


def send_message(to: str, body: str | None = None, media_urls: list[str] | None = None,
                 status_callback: str | None = None, from_: str | None = None) -> Sent:
    """Create an SMS/MMS. Raises RecipientOptedOut, InvalidNumber, TwilioError, TwilioUnavailable."""
    kwargs = {"to": to, **_sender(from_)}
    if body:
        kwargs["body"] = body
    if media_urls:
        kwargs["media_url"] = list(media_urls)
    if status_callback:
        kwargs["status_callback"] = status_callback
    with translated():
        msg = get_client().messages.create(**kwargs)
    return Sent(msg.sid, msg.status)


def create_call(to: str, url: str, status_callback: str | None = None,
                status_callback_events: list[str] | None = None, from_: str | None = None,
                machine_detection: str | None = None, timeout: int | None = None,
                **extra) -> Sent:
    """Place a call whose TwiML is fetched from `url`. `extra` passes other CreateCall fields
    in twilio-python's snake_case (record, async_amd_status_callback, time_limit, ...)."""
    kwargs = {"to": to, "from_": from_ or current_app.config["TWILIO_FROM_NUMBER"], "url": url}
    if status_callback:
        kwargs["status_callback"] = status_callback
        kwargs["status_callback_event"] = list(status_callback_events or ["completed"])
    if machine_detection:
        kwargs["machine_detection"] = machine_detection
    if timeout:
        kwargs["timeout"] = timeout
    with translated():
        call = get_client().calls.create(**kwargs, **extra)
    return Sent(call.sid, call.status)


def fetch_call(sid: str):
    """The call's current resource (status, duration, answered_by, parent_call_sid...)."""
    with translated():
        return get_client().calls(sid).fetch()


def fetch_message(sid: str):
    """The message's current resource (status, error_code...)."""
    with translated():
        return get_client().messages(sid).fetch()


def update_call(sid: str, status: str | None = None, url: str | None = None, twiml=None):
    """Hang up (status='completed' or 'canceled') or redirect a live call to new TwiML."""
    kwargs = {k: v for k, v in {"status": status, "url": url,
                                "twiml": str(twiml) if twiml is not None else None}.items() if v}
    with translated():
        return get_client().calls(sid).update(**kwargs)
