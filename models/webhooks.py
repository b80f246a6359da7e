"""Every Twilio callback, stored raw before it is applied so it can be inspected and replayed."""
from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow

SID_MAX = 64  # Twilio's sids are 34 characters; anything longer is not one


def sid_of(form: dict) -> str | None:
    """The Twilio sid a callback's form is about: its MessageSid, else its CallSid (one string of
    at most SID_MAX characters; a repeated key is no sid)."""
    for key in ("MessageSid", "CallSid"):
        value = form.get(key)
        if isinstance(value, str) and len(value) <= SID_MAX:
            return value
    return None


class WebhookEvent(Base):
    __tablename__ = "webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(200), index=True)
    query: Mapped[str] = mapped_column(String(1000), default="")
    form: Mapped[dict] = mapped_column(JSON)
    headers: Mapped[dict] = mapped_column(JSON)
    idempotency_token: Mapped[str | None] = mapped_column(String(200), index=True)
    sid: Mapped[str | None] = mapped_column(String(SID_MAX), index=True)  # MessageSid, else CallSid: see sid_of
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
