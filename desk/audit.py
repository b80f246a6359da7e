"""The audit log: who changed which money, promise, payment or account field, or which setting or
state contact rule, when, from what to what.

Verbs call `record` with the fields they changed; a field whose value did not change writes
nothing. Values are stored as the text a person reads (money with two decimals, ISO dates).
"""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from desk import paging
from desk.extensions import db
from models import AuditEntry, User


def as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return value.name
    return str(value)


def record(entity: str, entity_id: int, account_id: int | None, changes: dict, author: User | None) -> list[str]:
    """Write one row per changed field of `changes` ({field: (old, new)}); returns the
    "field: old → new" lines for the timeline."""
    lines = []
    for field, (old, new) in changes.items():
        old_text, new_text = as_text(old), as_text(new)
        if old_text == new_text:
            continue
        db.session.add(AuditEntry(user_id=author.id if author else None, account_id=account_id, entity=entity,
                                  entity_id=entity_id, field=field, old=old_text, new=new_text))
        lines.append(f"{field.replace('_', ' ')}: {old_text or '—'} → {new_text or '—'}")
    return lines


def account_entries(account_id: int, limit: int = 200) -> list[AuditEntry]:
    return db.session.execute(
        select(AuditEntry).where(AuditEntry.account_id == account_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)).scalars().all()


def list_entries(account_id: int | None = None, limit: int = 50, cursor: str | None = None):
    """The audit log, newest first, optionally of one account: (entries, next cursor)."""
    query = select(AuditEntry)
    if account_id is not None:
        query = query.where(AuditEntry.account_id == account_id)
    return paging.page(db.session, query, [AuditEntry.at, AuditEntry.id], limit, cursor,
                       key=lambda e: [e.at, e.id], kinds=[paging.instant, paging.whole], descending=True)
