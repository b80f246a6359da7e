"""Customer accounts with their phones and email addresses."""
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import Base, Money, UTCDateTime, utcnow
from models.users import User

PHONE_LABELS = ("mobile", "home", "work", "co-buyer", "reference")
# What kind of number each label is, for the state contact rules (docs/compliance.md): a personal
# number is the customer's home, cell or other own number; every other number counts as "work".
PHONE_KINDS = {"mobile": "personal", "home": "personal", "co-buyer": "personal",
               "work": "work", "reference": "work"}
# How a consent to prerecorded messages was given or withdrawn (desk.compliance.prerecorded_consent)
CONSENT_HOWS = ("credit_application", "verbal", "text", "written", "website", "dms_import", "other")
# how a customer asked the desk to stop calling a number (desk.compliance.call_consent); a person
# picks one of the first five, the DMS import writes "dms_import"
CALL_OPT_OUT_HOWS = ("verbal", "written", "in_person", "text", "other", "dms_import")
ACCOUNT_STATUSES = ("current", "delinquent", "repo", "charged_off", "paid_off", "closed")
PAYMENT_FREQUENCIES = ("weekly", "biweekly", "semimonthly", "monthly")
LANGUAGES = ("en", "es")  # the customer's preferred language: English or Spanish


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        Index("ix_accounts_last_first", "last_name", "first_name"),
        Index("ix_accounts_assigned_due", "assigned_to_id", "days_past_due"),
        # the work queue's order for accounts without a reason (desk.collections.queue)
        Index("ix_accounts_assigned_rank", "assigned_to_id", "days_past_due", "amount_due"),
        Index("ix_accounts_rank", "days_past_due", "amount_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str] = mapped_column(String(64), default="America/New_York")
    vehicle: Mapped[str | None] = mapped_column(String(200))
    balance: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    amount_due: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    due_on: Mapped[date | None]
    days_past_due: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="current")
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    # The payment schedule: amount due grows by payment_amount each time next_due_on passes.
    payment_amount: Mapped[Decimal | None] = mapped_column(Money)
    payment_frequency: Mapped[str | None] = mapped_column(String(12))
    next_due_on: Mapped[date | None]
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    assigned_to: Mapped[User | None] = relationship()
    phones: Mapped[list["Phone"]] = relationship(
        back_populates="account", order_by="Phone.id", cascade="save-update, merge"
    )
    emails: Mapped[list["EmailAddress"]] = relationship(
        back_populates="account", order_by="EmailAddress.id", cascade="save-update, merge"
    )

    @property
    def customer_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def primary_mobile(self) -> Optional["Phone"]:
        """The first mobile phone, else the first phone."""
        mobiles = [p for p in self.phones if p.label == "mobile"]
        return (mobiles or self.phones or [None])[0]


def reversed_digits(number: str | None) -> str | None:
    """The digits of a number back to front: "ends in 1022" is then the prefix "2201"."""
    return None if number is None else "".join(ch for ch in number if ch.isdigit())[::-1]


def _number_reversed(context) -> str | None:
    return reversed_digits(context.get_current_parameters().get("number"))


class Phone(Base):
    """A customer phone; opt-out state per channel mirrors the latest consent event."""

    __tablename__ = "phones"
    __table_args__ = (UniqueConstraint("account_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), index=True)
    # follows `number` (migration 0015 explains why)
    number_reversed: Mapped[str | None] = mapped_column(String(20), index=True, default=_number_reversed)
    label: Mapped[str] = mapped_column(String(20), default="mobile")
    sms_opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sms_opt_out_how: Mapped[str | None] = mapped_column(String(200))
    # the customer asked not to be called on this number: when, and how (CALL_OPT_OUT_HOWS; older
    # rows may hold free text); desk.compliance.call_consent writes them
    call_opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    call_opt_out_how: Mapped[str | None] = mapped_column(String(200))
    # consent to prerecorded or artificial-voice messages (a voicemail drop): when it was given
    # and how (desk.compliance.prerecorded_consent.HOW); None = not given or withdrawn (0021)
    prerecorded_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    prerecorded_consent_how: Mapped[str | None] = mapped_column(String(200))

    account: Mapped[Account] = relationship(back_populates="phones")

    @validates("number")
    def _keep_reversed(self, key, number):
        self.number_reversed = reversed_digits(number)
        return number

    @property
    def kind(self) -> str:
        """personal or work, from the label (PHONE_KINDS); a label it does not know is personal."""
        return PHONE_KINDS.get(self.label, "personal")

    @property
    def sms_opt_out(self) -> bool:
        return self.sms_opted_out_at is not None

    @property
    def call_opt_out(self) -> bool:
        return self.call_opted_out_at is not None

    @property
    def prerecorded_consent(self) -> bool:
        return self.prerecorded_consent_at is not None


class EmailAddress(Base):
    __tablename__ = "email_addresses"
    __table_args__ = (UniqueConstraint("account_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    address: Mapped[str] = mapped_column(String(254), index=True)
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opt_out_how: Mapped[str | None] = mapped_column(String(200))

    account: Mapped[Account] = relationship(back_populates="emails")

    @property
    def opt_out(self) -> bool:
        return self.opted_out_at is not None


class ConsentEvent(Base):
    """The consent ledger: every opt-out, opt-in and help request, and every consent to prerecorded
    messages given or withdrawn (channel "automated"), with who, when and how."""

    __tablename__ = "consent_events"
    __table_args__ = (Index("ix_consent_events_created", "created_at"),)  # reports (0019)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))  # sms | call | email | automated (prerecorded)
    action: Mapped[str] = mapped_column(String(10))  # opt_out | opt_in | help | flagged
    phone_number: Mapped[str | None] = mapped_column(String(20), index=True)
    email_address: Mapped[str | None] = mapped_column(String(254), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    how: Mapped[str] = mapped_column(String(200))  # e.g. "SMS keyword STOP", "collector", "email link"
    words: Mapped[str | None] = mapped_column(String(1600))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
