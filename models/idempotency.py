"""Idempotency keys: the first answer to a write, kept so a repeat is answered, not redone."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class IdempotencyKey(Base):
    """One key of one user. `status` is empty while the first request runs (a repeat then is
    told to wait); the stored answer is replayed to every repeat with the same fingerprint."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    body_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column()
    response_body: Mapped[str | None] = mapped_column(Text)
    response_headers: Mapped[str | None] = mapped_column(Text)  # JSON: Content-Type, Location
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
