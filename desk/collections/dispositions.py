"""Verbs for the admin-managed list of call dispositions."""
from sqlalchemy import select

from desk.errors import Conflict
from desk.extensions import db
from models import DEFAULT_DISPOSITIONS, Disposition


def ensure_defaults() -> None:
    """Add the standard dispositions that are missing (never changes existing ones)."""
    existing = set(db.session.execute(select(Disposition.name)).scalars())
    for position, (name, reached) in enumerate(DEFAULT_DISPOSITIONS):
        if name not in existing:
            db.session.add(Disposition(name=name, reached=reached, position=position))


def list_dispositions(include_inactive: bool = False) -> list[Disposition]:
    query = select(Disposition).order_by(Disposition.position, Disposition.name)
    if not include_inactive:
        query = query.where(Disposition.active.is_(True))
    return db.session.execute(query).scalars().all()


def save_disposition(data: dict, disposition: Disposition | None = None) -> Disposition:
    """Add a disposition, or change one; names stay unique. Retired ones are deactivated, not deleted."""
    clash = db.session.execute(select(Disposition).where(
        db.func.lower(Disposition.name) == data["name"].strip().lower())).scalar_one_or_none()
    if clash is not None and clash is not disposition:
        raise Conflict(f"A disposition named {data['name']} exists.", {"name": ["Already in use."]})
    if disposition is None:
        count = db.session.execute(select(db.func.count(Disposition.id))).scalar()
        disposition = Disposition(position=count)
        db.session.add(disposition)
    disposition.name = data["name"].strip()
    disposition.reached = data.get("reached", False)
    disposition.active = data.get("active", True)
    db.session.flush()
    return disposition
