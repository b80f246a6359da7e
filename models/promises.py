"""Promises to pay, the payments that keep them, and the allocations between the two.

A payment is applied once: its allocations (payment, promise, amount) say which promise it paid
how much of, so a promise is kept by the sum of its live allocations, never by every payment
dated in its window. A reversal releases its payment's allocations (kept as history).
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func, select, text, type_coerce
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from models.base import Base, Money, UTCDateTime, utcnow
from models.users import User

PROMISE_STATUSES = ("pending", "kept", "broken", "cancelled")
PAYMENT_SOURCES = ("console", "api", "import", "pay_link")


class PromisePlan(Base):
    """Installments promised together: each is a Promise of its own with the plan's id."""

    __tablename__ = "promise_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Promise(Base):
    __tablename__ = "promises"
    __table_args__ = (
        Index("ix_promises_account_created", "account_id", "created_at"),
        Index("ix_promises_status_due", "status", "due_on"),
        Index("ix_promises_assignee_status", "assigned_to_id", "status"),
        Index("ix_promises_created_author", "created_at", "created_by_id"),  # reports (0019)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("promise_plans.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    due_on: Mapped[date]
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # The call, note or visit the promise was made in (the activity that led to it).
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", use_alter=True, name="fk_promises_activity_id"), index=True)

    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    activity: Mapped[Optional["Activity"]] = relationship(foreign_keys=[activity_id])  # noqa: F821


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_account_paid", "account_id", "paid_on"),
        Index(
            "uq_payments_account_reference", "account_id", "reference", unique=True,
            sqlite_where=text("reference IS NOT NULL"),
            postgresql_where=text("reference IS NOT NULL"),
        ),
        Index("ix_payments_paid_on", "paid_on"),  # reports (0019)
        Index("ix_payments_reversed", "reversed_at", sqlite_where=text("reversed_at IS NOT NULL"),
              postgresql_where=text("reversed_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[date]
    reference: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(10), default="console")
    overpayment: Mapped[bool] = mapped_column(default=False)
    # What this payment took off the account's figures (never below zero), so a reversal
    # puts back exactly that.
    balance_applied: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    due_applied: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reversed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reversal_reason: Mapped[str | None] = mapped_column(Text)


class Allocation(Base):
    """`amount` of `payment` counted toward `promise`; released when the payment is reversed."""

    __tablename__ = "payment_allocations"
    __table_args__ = (
        UniqueConstraint("payment_id", "promise_id"),
        Index("ix_payment_allocations_promise", "promise_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"))
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# What payments have paid toward a promise: the sum of its live allocations.
Promise.applied_amount = column_property(
    select(type_coerce(func.coalesce(func.sum(Allocation.amount), 0), Money()))
    .where(Allocation.promise_id == Promise.id, Allocation.released_at.is_(None))
    .correlate_except(Allocation).scalar_subquery(),
    deferred=True,
)
