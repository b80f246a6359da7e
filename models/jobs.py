"""The transactional outbox: every enqueued job is a row written in the caller's transaction."""
from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow

OUTBOX_STATUSES = ("pending", "dispatched", "running", "done", "failed")


class OutboxJob(Base):
    """A job to run after its transaction commits; a sweeper dispatches rows left pending and
    takes back running rows whose lease expired."""

    __tablename__ = "outbox_jobs"
    __table_args__ = (Index("ix_outbox_jobs_status_created", "status", "created_at"),
                      Index("ix_outbox_jobs_status_lease", "status", "lease_expires_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    func_path: Mapped[str] = mapped_column(String(200))
    args: Mapped[list] = mapped_column(JSON)
    queue: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # while running: the row is this run's until then; after it the sweeper takes it back
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
