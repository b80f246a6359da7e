"""Phone calls: one row per call the desk placed or took, updated from Twilio's callbacks."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow

NEVER_ANSWERED = ("busy", "no-answer", "failed", "canceled")  # final statuses of a leg nobody picked up


class Call(Base):
    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_account_created", "account_id", "created_at"),
        Index("ix_calls_collector_prompt", "collector_id", "prompt_pending"),
        Index("ix_calls_created_collector", "created_at", "collector_id"),  # reports (0019)
        Index("ix_calls_collector_created", "collector_id", "created_at"),  # one collector's (0019)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    collector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    direction: Mapped[str] = mapped_column(String(10))  # outbound | inbound
    via: Mapped[str] = mapped_column(String(10))  # phone | browser | inbound
    from_number: Mapped[str | None] = mapped_column(String(40))
    to_number: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    customer_status: Mapped[str | None] = mapped_column(String(16))
    twilio_sid: Mapped[str | None] = mapped_column(String(34), unique=True)
    customer_sid: Mapped[str | None] = mapped_column(String(34), index=True)
    last_sequence: Mapped[int] = mapped_column(default=-1)
    answered_by: Mapped[str | None] = mapped_column(String(32))
    duration: Mapped[int | None]
    talk_seconds: Mapped[int | None]
    amd: Mapped[bool] = mapped_column(default=False)  # answering-machine detection on the customer
    voicemail_drop: Mapped[str | None] = mapped_column(String(500))
    voicemail_dropped: Mapped[bool] = mapped_column(default=False)
    recording_sid: Mapped[str | None] = mapped_column(String(34))
    recording_url: Mapped[str | None] = mapped_column(String(500))
    recording_duration: Mapped[int | None]
    prompt_pending: Mapped[bool] = mapped_column(default=False)
    # a prompt dismissed without an outcome: who, when and why (see desk.calls.prompts)
    prompt_dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    prompt_dismissed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_calls_prompt_dismissed_by"))
    prompt_dismiss_reason: Mapped[str | None] = mapped_column(String(500))

    @property
    def collector_missed(self) -> bool:
        """An outbound call whose collector never picked up: the customer was never dialled."""
        return self.direction == "outbound" and self.status in NEVER_ANSWERED and self.customer_sid is None
    override_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CallLeg(Base):
    """One Twilio call sid within a Call (the collector's leg, the customer's, an inbound ring).

    Twilio orders events per call sid with SequenceNumber, so the order is kept per leg.
    """

    __tablename__ = "call_legs"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    sid: Mapped[str] = mapped_column(String(34), unique=True)
    role: Mapped[str] = mapped_column(String(12))  # main | customer | collector
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    last_sequence: Mapped[int] = mapped_column(default=-1)
    answered_by: Mapped[str | None] = mapped_column(String(32))
    duration: Mapped[int | None]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
