"""What every part of the record shares: timestamps and money as text, people by name, and the
raw Twilio callbacks that tell a text's or a call's story."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from desk.extensions import db
from models import User, WebhookEvent

CHUNK = 500  # ids per IN (...) query


def iso(value) -> str | None:
    """A timestamp or date as ISO 8601 text (timestamps are UTC), money with two decimals."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


class People:
    """Names of the desk's users by id, read once per export."""

    def __init__(self):
        self.names = dict(db.session.execute(select(User.id, User.name)).all())

    def name(self, user_id: int | None) -> str | None:
        return None if user_id is None else self.names.get(user_id, f"user #{user_id}")


def callbacks(path_prefix: str, key: str, sids: list[str]) -> dict[str, list[WebhookEvent]]:
    """Raw Twilio callbacks under `path_prefix` whose form's `key` is one of `sids`, by sid, in
    the order they arrived (found by the events' indexed sid, then checked against `key`)."""
    found: dict[str, list[WebhookEvent]] = {}
    wanted = sorted({sid for sid in sids if sid})
    for start in range(0, len(wanted), CHUNK):
        events = db.session.execute(
            select(WebhookEvent).where(WebhookEvent.sid.in_(wanted[start:start + CHUNK]),
                                       WebhookEvent.path.startswith(path_prefix))
            .order_by(WebhookEvent.received_at, WebhookEvent.id)).scalars()
        for event in events:
            if event.form.get(key) == event.sid:
                found.setdefault(event.sid, []).append(event)
    return found


def form_value(event: WebhookEvent, key: str):
    """One value of a stored callback's form (the last one when the key repeated)."""
    value = event.form.get(key)
    return value[-1] if isinstance(value, list) else value
