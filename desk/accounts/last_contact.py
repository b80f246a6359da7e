"""When each account on a page was last contacted, and how it went, in one query per page."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from desk.accounts.sorting import CONTACT_TYPES
from desk.extensions import db
from models import Activity, Disposition


@dataclass(frozen=True)
class LastContact:
    at: datetime
    type: str  # call, sms or email
    outcome: str  # the disposition's name, "" when none was given


def last_contacts(account_ids: list[int]) -> dict[int, LastContact]:
    """The latest call, text or email of each account (absent when there was none)."""
    if not account_ids:
        return {}
    latest = select(
        Activity.account_id, Activity.created_at, Activity.type, Disposition.name.label("outcome"),
        func.row_number().over(partition_by=Activity.account_id,
                               order_by=(Activity.created_at.desc(), Activity.id.desc())).label("n"),
    ).outerjoin(Disposition, Disposition.id == Activity.disposition_id).where(
        Activity.account_id.in_(account_ids), Activity.type.in_(CONTACT_TYPES)).subquery()
    rows = db.session.execute(select(latest).where(latest.c.n == 1)).all()
    return {row.account_id: LastContact(at=_aware(row.created_at), type=row.type, outcome=row.outcome or "")
            for row in rows}


def _aware(moment: datetime) -> datetime:
    """SQLite hands the subquery's timestamp back naive (or as text); it is UTC."""
    from datetime import UTC

    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
