"""Declarative base, naming conventions and shared column types."""
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import DateTime, MetaData, Numeric, TypeDecorator
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.functions import FunctionElement

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None


class server_now(FunctionElement):
    """The current time as a column's server default. On SQLite it is written as SQLAlchemy writes
    a UTCDateTime ('2026-12-01 10:00:00.123000'): CURRENT_TIMESTAMP has no fraction, and as text
    it would sort before a stamp later in the same second."""

    type = DateTime(timezone=True)
    inherit_cache = True


@compiles(server_now)
def _server_now(element, compiler, **kw):
    return "CURRENT_TIMESTAMP"


@compiles(server_now, "sqlite")
def _server_now_sqlite(element, compiler, **kw):
    return "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


class Money(TypeDecorator):
    """Dollars and cents as Decimal with two places; never a float."""

    impl = Numeric(12, 2, asdecimal=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be Decimal, not float")
        return Decimal(value).quantize(Decimal("0.01"))

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value).quantize(Decimal("0.01"))


MAX_ID = 2**31 - 1  # ids beyond a 32-bit integer exist nowhere; the database would refuse them
HAND_MANAGED_INDEX = "ix_pg_"  # PostgreSQL-only indexes that migrations create by hand


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the hand-managed PostgreSQL indexes (pattern-matching search) out of comparisons."""
    return not (type_ == "index" and (name or "").startswith(HAND_MANAGED_INDEX))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
