"""Every Twilio webhook is stored raw, in the same transaction that applies it.

`@twilio_webhook` = signature check + raw WebhookEvent row + commit. If the view fails, the
change is rolled back and the raw event is still kept (with the error) so it can be replayed
with `replay(event_id)`. Views must be idempotent: Twilio repeats callbacks (a repeat carries the same
I-Twilio-Idempotency-Token, stored on the event).
"""
import functools
import logging

from flask import current_app, request
from sqlalchemy import insert
from werkzeug.datastructures import ImmutableMultiDict

from desk.extensions import db
from models.base import utcnow
from models.webhooks import WebhookEvent, sid_of
from telephony.signature import is_valid_request, refused

log = logging.getLogger(__name__)
REPLAY_KEY = "desk.webhook_replay"  # WSGI environ key; no HTTP header can set it
KEPT_HEADERS = ("X-Twilio-Signature", "I-Twilio-Idempotency-Token", "X-Twilio-Webhooks-Signature-Settings",
                "User-Agent", "Content-Type", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
                "X-Home-Region")


def _form_snapshot() -> dict:
    """The form as JSON: one value per key, or a list when the key repeats; raw JSON bodies kept."""
    if request.is_json or "bodySHA256" in request.args:
        return {"_body": request.get_data(as_text=True)}
    return {k: (v if len(v) > 1 else v[0]) for k, v in request.form.lists()}


def _without_nul() -> None:
    """Drop NUL characters from the form once its signature is checked: PostgreSQL refuses them
    in text, and they carry nothing a collector could read."""
    form = request.form
    if any("\x00" in key or "\x00" in value for key, value in form.items(multi=True)):
        request._get_current_object().form = ImmutableMultiDict(
            [(key.replace("\x00", ""), value.replace("\x00", "")) for key, value in form.items(multi=True)])


def _new_event() -> dict:
    """The raw event's column values."""
    headers = {h: request.headers[h] for h in KEPT_HEADERS if h in request.headers}
    return {"path": request.path, "query": request.query_string.decode("latin-1")[:1000],
            "form": (form := _form_snapshot()), "sid": sid_of(form), "headers": headers,
            "idempotency_token": headers.get("I-Twilio-Idempotency-Token"), "received_at": utcnow()}


def _insert_event(values: dict) -> int:
    """INSERT the raw event (one statement, no ORM flush); its id."""
    return db.session.execute(_INSERT_EVENT, values).inserted_primary_key[0]


_INSERT_EVENT = insert(WebhookEvent.__table__)


def _keep_failed(event_id: int | None, pending: dict | None, error: str) -> None:
    """After a rollback, keep the raw event with the error (new row, or the replayed one)."""
    db.session.rollback()
    if event_id is not None:
        db.session.get(WebhookEvent, event_id).error = error[:2000]
    else:
        _insert_event({**pending, "error": error[:2000]})
    db.session.commit()


def twilio_webhook(view):
    """Decorator for Twilio webhook views: signature check, raw store, apply, one commit."""

    @functools.wraps(view)
    def handled(*args, **kwargs):
        replay_id = request.environ.get(REPLAY_KEY)
        pending = None
        if replay_id is None:
            if not is_valid_request():
                return refused()
            _without_nul()
            pending = _new_event()
            # marked applied, committed only together with what the view applies
            _insert_event({**pending, "applied_at": utcnow()})
        try:
            result = view(*args, **kwargs)
            if replay_id is not None:
                event = db.session.get(WebhookEvent, replay_id)
                event.applied_at, event.error = utcnow(), None
            db.session.commit()
        except Exception as exc:
            log.exception("webhook %s failed; raw event kept", request.path)
            _keep_failed(replay_id, pending, f"{type(exc).__name__}: {exc}")
            raise
        return result

    return handled


def replay(event_id: int):
    """Apply a stored event again through its route (no signature check; it was checked).
    Returns the test response (status_code, data). Call inside an app context."""
    event = db.session.get(WebhookEvent, event_id)
    if event is None:
        raise LookupError(f"no webhook event {event_id}")
    client = current_app.test_client()
    if "_body" in event.form:
        data, content_type = event.form["_body"], event.headers.get("Content-Type", "application/json")
    else:
        data, content_type = event.form, "application/x-www-form-urlencoded"
    return client.post(event.path, query_string=event.query, data=data, content_type=content_type,
                       environ_base={REPLAY_KEY: event.id})
