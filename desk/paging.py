"""Keyset pagination: a cursor is the sort key of the last row served, signed with the app's
SECRET_KEY so it stays opaque to clients: one they made, changed or cut short is a 400 naming
`cursor`, never a query with values the desk did not choose."""
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import and_, or_

from desk.errors import DeskError

SALT = "page-cursor"  # a cursor signs nothing else the SECRET_KEY signs
NOT_OURS = "Not a cursor this API gave."


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def encode(values: list) -> str:
    """A URL-safe signed cursor for these sort-key values."""
    return _signer().dumps([_plain(v) for v in values])


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


def bad_cursor() -> DeskError:
    return DeskError("bad cursor", {"cursor": [NOT_OURS]})


MAX_INTEGER = 2**63 - 1  # what every database here can compare a column with


def decode(cursor: str, kinds: list) -> list:
    """The values of a cursor, each read by its kind (text, whole, instant, day); a cursor not
    signed here, or signed for another list (other kinds), is a 400, never a database error."""
    try:
        values = _signer().loads(cursor)
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("not a cursor")
        return [kind(value) for kind, value in zip(kinds, values, strict=True)]
    except (BadData, ValueError, TypeError, OverflowError, InvalidOperation):
        raise bad_cursor() from None


def text(value) -> str:
    if not isinstance(value, str) or "\x00" in value:  # PostgreSQL refuses NUL in text
        raise TypeError("not text")
    return value


def whole(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INTEGER:
        raise TypeError("not a whole number the database can compare")
    return value


def decimal(value) -> Decimal:
    """An amount of money, written as text so no float rounds it."""
    amount = Decimal(text(value))
    if not amount.is_finite():
        raise ValueError("not an amount")
    return amount


def instant(value) -> datetime:
    """A timestamp with its zone (the UTC columns refuse a naive one)."""
    moment = datetime.fromisoformat(text(value))
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return moment.astimezone(UTC)  # OverflowError at the ends of the calendar


def day(value) -> date:
    return date.fromisoformat(text(value))


def after(columns: list, values: list, descending: bool = False):
    """Rows strictly after `values` in the order of `columns` (all ascending or all descending)."""
    clauses = []
    for i, column in enumerate(columns):
        equal = [columns[j] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)


def page(session, query, columns: list, limit: int, cursor: str | None,
         key, kinds: list, descending: bool = False):
    """Run `query` ordered by `columns` from `cursor` (whose values are read by `kinds`, one per
    column); return (rows, next_cursor)."""
    if cursor:
        query = query.where(after(columns, decode(cursor, kinds), descending))
    order = [c.desc() for c in columns] if descending else columns
    rows = session.execute(query.order_by(*order).limit(limit + 1)).scalars().all()
    next_cursor = encode(key(rows[limit - 1])) if len(rows) > limit else None
    return rows[:limit], next_cursor
