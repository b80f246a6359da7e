"""Emails to customers, rendered when requested and sent by a job."""
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.files import Attachment

email_attachments = Table(
    "email_attachments",
    Base.metadata,
    Column("email_id", ForeignKey("emails.id"), primary_key=True),
    Column("attachment_id", ForeignKey("attachments.id"), primary_key=True),
)


class Email(Base):
    __tablename__ = "emails"
    __table_args__ = (Index("ix_emails_account_created", "account_id", "created_at"),
                      Index("ix_emails_sent_sender", "sent_at", "sent_by_id",  # reports (0019)
                            sqlite_where=text("sent_at IS NOT NULL"), postgresql_where=text("sent_at IS NOT NULL")))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    email_address_id: Mapped[int | None] = mapped_column(ForeignKey("email_addresses.id"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued|sent|failed
    error: Mapped[str | None] = mapped_column(String(1000))
    message_id: Mapped[str] = mapped_column(String(255), unique=True)  # SMTP Message-ID
    attempts: Mapped[int] = mapped_column(default=0)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set while a worker holds the email between claiming it and recording the SMTP outcome.
    sending_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))

    attachments: Mapped[list[Attachment]] = relationship(secondary=email_attachments)
