"""What the reports keep beside the records: a daily snapshot of each open account's lateness,
so that how the buckets moved since a day (roll rates) can be read back; each closed day's
summary figures, so that a long period is not counted again from the records; and the log of
changes to records those days counted, so that a stale day is known."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Money, UTCDateTime, server_now


class PortfolioSnapshot(Base):
    """One open account as it stood on `day` (a local day in the dealer's zone): its days past
    due, their bucket, its balance and amount due. One row per (day, account)."""

    __tablename__ = "portfolio_snapshots"
    __table_args__ = (Index("ix_portfolio_snapshots_account", "account_id"),)

    day: Mapped[date] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    days_past_due: Mapped[int]
    bucket: Mapped[str] = mapped_column(String(8))
    balance: Mapped[Decimal] = mapped_column(Money)
    amount_due: Mapped[Decimal] = mapped_column(Money)


class ReportDay(Base):
    """The summary's figures for one closed day in one zone (`day` is local to `zone`), kept so
    that a period's days are read instead of counted again. Written only for days that closed
    more than two days ago, and stale once a change to a record it counted is logged."""

    __tablename__ = "report_days"

    zone: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    figures: Mapped[dict] = mapped_column(JSON)
    worked: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReportChange(Base):
    """A change to a record the summary counts whose stamp is more than a day old, written by the
    database's triggers (migration 0026), so that the day sheets it may have moved are known: `at`
    is the record's UTC stamp, `on_day` its dealer-local date (payments.paid_on); neither means
    every day (a disposition's `reached` changed). Ids never repeat, even on SQLite."""

    __tablename__ = "report_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    on_day: Mapped[date | None]
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=server_now())
