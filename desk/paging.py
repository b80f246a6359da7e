"""Keyset pagination: a cursor is the sort key of the last row served, opaque to clients."""
import base64
import json
from datetime import date, datetime

from sqlalchemy import and_, or_

from desk.errors import Invalid


def encode(values: list) -> str:
    plain = [v.isoformat() if isinstance(v, (date, datetime)) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode(cursor: str, count: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        raise Invalid("bad cursor", {"cursor": ["Not a cursor this API gave."]}) from None
    if not isinstance(values, list) or len(values) != count:
        raise Invalid("bad cursor", {"cursor": ["Not a cursor this API gave."]})
    return values


def after(columns: list, values: list, descending: bool = False):
    """Rows strictly after `values` in the order of `columns` (all ascending or all descending)."""
    clauses = []
    for i, column in enumerate(columns):
        equal = [columns[j] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)


def page(session, query, columns: list, limit: int, cursor: str | None,
         key, descending: bool = False, convert=None):
    """Run `query` ordered by `columns` from `cursor`; return (rows, next_cursor)."""
    if cursor:
        values = decode(cursor, len(columns))
        if convert:
            values = convert(values)
        query = query.where(after(columns, values, descending))
    order = [c.desc() for c in columns] if descending else columns
    rows = session.execute(query.order_by(*order).limit(limit + 1)).scalars().all()
    next_cursor = encode(key(rows[limit - 1])) if len(rows) > limit else None
    return rows[:limit], next_cursor
