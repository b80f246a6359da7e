"""Keyset pagination: a cursor is the sort key of the last row served, opaque to clients."""
import base64
import json
from datetime import UTC, date, datetime

from sqlalchemy import and_, or_

from desk.errors import Invalid


def encode(values: list) -> str:
    plain = [v.isoformat() if isinstance(v, (date, datetime)) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


MAX_INTEGER = 2**63 - 1  # what every database here can compare a column with


def decode(cursor: str, kinds: list) -> list:
    """The values of a cursor, each read by its kind (text, whole, instant, day); anything else
    than what encode() gave is a 422, never a database error."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("not a cursor")
        return [kind(value) for kind, value in zip(kinds, values, strict=True)]
    except (ValueError, TypeError, OverflowError):
        raise Invalid("bad cursor", {"cursor": ["Not a cursor this API gave."]}) from None


def text(value) -> str:
    if not isinstance(value, str) or "\x00" in value:  # PostgreSQL refuses NUL in text
        raise TypeError("not text")
    return value


def whole(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INTEGER:
        raise TypeError("not a whole number the database can compare")
    return value


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
