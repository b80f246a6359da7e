"""The account timeline and the dispositions collectors choose from."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.users import User

OPEN_FOLLOW_UP = "follow_up_on IS NOT NULL AND follow_up_done_at IS NULL"
BY_PEOPLE = "created_by_id IS NOT NULL"  # what a person did, as against what the desk logged
ACTIVITY_TYPES = ("call", "sms", "email", "note", "visit", "promise", "payment", "system")

DEFAULT_DISPOSITIONS = (
    ("No Answer", False),
    ("Left Message", False),
    ("Spoke to Customer", True),
    ("Wrong Number", False),
    ("Promise to Pay", True),
    ("Refused to Pay", True),
    ("Disconnected", False),
    ("Busy", False),
)


class Disposition(Base):
    __tablename__ = "dispositions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    reached: Mapped[bool] = mapped_column(default=False)  # "we reached the customer"
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class Activity(Base):
    """One entry on an account's timeline, optionally linked to what it records."""

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_account_created", "account_id", "created_at", "id"),
        Index("ix_activities_account_type_created", "account_id", "type", "created_at"),
        Index("ix_activities_open_follow_ups", "assigned_to_id", "follow_up_on", "account_id",
              sqlite_where=text(OPEN_FOLLOW_UP), postgresql_where=text(OPEN_FOLLOW_UP)),
        Index("ix_activities_author_created", "created_by_id", "created_at", "account_id"),
        Index("ix_activities_by_people", "account_id", "created_at",
              sqlite_where=text(BY_PEOPLE), postgresql_where=text(BY_PEOPLE)),
        # the reports read a period from this index alone (migration 0019)
        Index("ix_activities_created_author", "created_at", "created_by_id", "account_id", "disposition_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    type: Mapped[str] = mapped_column(String(10))
    disposition_id: Mapped[int | None] = mapped_column(ForeignKey("dispositions.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    follow_up_on: Mapped[date | None]
    follow_up_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    email_id: Mapped[int | None] = mapped_column(ForeignKey("emails.id"), index=True)
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), index=True)

    disposition: Mapped[Disposition | None] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    call: Mapped[Optional["Call"]] = relationship()  # noqa: F821 - models.calls
