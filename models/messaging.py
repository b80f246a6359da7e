"""SMS/MMS conversations: one per customer phone number, linked to an account when known."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow

UNREAD = "unread_count > 0"
FAILING = "direction = 'outbound' AND status IN ('failed', 'undelivered')"  # the texts the reports explain
MESSAGE_STATUS_RANK = {
    "accepted": 0, "scheduled": 0, "queued": 1, "sending": 2, "sent": 3,
    "delivered": 4, "undelivered": 4, "failed": 4, "read": 5, "received": 4,
}


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_account_phone", "account_id", "phone_number"),
                      Index("ix_conversations_unread", "account_id", sqlite_where=text(UNREAD),
                            postgresql_where=text(UNREAD)))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    phone_number: Mapped[str] = mapped_column(String(20), index=True)
    ambiguous: Mapped[bool] = mapped_column(default=False)  # number is on several accounts
    unread_count: Mapped[int] = mapped_column(default=0)
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_created", "conversation_id", "created_at", "id"),
                      Index("ix_messages_account_created", "account_id", "created_at", "id"),
                      # the reports read a period from this index alone (migration 0019)
                      Index("ix_messages_created_sender", "created_at", "sent_by_id", "direction", "status"),
                      Index("ix_messages_sender_created", "sent_by_id", "created_at", "direction", "status"),
                      # text failures by error code (migration 0024): a tenth of the texts, not all
                      Index("ix_messages_failing", "created_at", "sent_by_id", "error_code",
                            sqlite_where=text(FAILING), postgresql_where=text(FAILING)))

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    direction: Mapped[str] = mapped_column(String(10))  # outbound | inbound
    from_number: Mapped[str] = mapped_column(String(20))
    to_number: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    error_code: Mapped[int | None]
    error_message: Mapped[str | None] = mapped_column(String(500))
    twilio_sid: Mapped[str | None] = mapped_column(String(34), unique=True)
    segments: Mapped[int] = mapped_column(default=1)
    encoding: Mapped[str] = mapped_column(String(8), default="GSM-7")
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    stop_request_flagged: Mapped[bool] = mapped_column(default=False)
    send_attempts: Mapped[int] = mapped_column(default=0)
    # set on a text the desk wrote by itself (desk.sms.auto_texts: opt_out_confirmation, help) (0021)
    auto_text: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    media: Mapped[list["MessageMedia"]] = relationship(order_by="MessageMedia.id")


class MessageMedia(Base):
    """One media item of an MMS; inbound items are fetched from Twilio by a job."""

    __tablename__ = "message_media"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    source_url: Mapped[str | None] = mapped_column(String(500))
    content_type: Mapped[str] = mapped_column(String(100))
    fetch_status: Mapped[str] = mapped_column(String(10), default="stored")  # pending|stored|failed|refused
    fetch_error: Mapped[str | None] = mapped_column(String(500))
