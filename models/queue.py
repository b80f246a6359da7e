"""The work queue: which collector holds which account now, and what each skipped today."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class QueueLease(Base):
    """An account handed to one collector until expires_at; the unique account_id makes the
    INSERT of a lease the arbiter when two collectors ask at the same moment."""

    __tablename__ = "queue_leases"
    __table_args__ = (Index("ix_queue_leases_user", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    leased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QueueSkip(Base):
    """A collector passed over an account, with the reason; not handed to them again that day."""

    __tablename__ = "queue_skips"
    __table_args__ = (Index("ix_queue_skips_user_created", "user_id", "created_at", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
