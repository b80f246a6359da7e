"""What the reports keep beside the records: a daily snapshot of each open account's lateness,
so that how the buckets moved since a day (roll rates) can be read back."""
from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Money


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
