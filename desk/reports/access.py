"""Who sees which numbers: an admin sees everyone and may pick a collector; a collector sees
the lot's totals and their own numbers, never another collector's."""
from datetime import date

from desk.errors import Forbidden, Invalid
from desk.extensions import db
from desk.reports.period import make_period
from desk.reports.portfolio import portfolio
from desk.reports.summary import summary
from models import User
from models.base import MAX_ID


def _scope(viewer: User, collector_id: int | None) -> tuple[int | None, int | None]:
    """(collector the figures are narrowed to, the one row of by_collector a collector may see)."""
    if collector_id is not None and (not 0 < collector_id <= MAX_ID or db.session.get(User, collector_id) is None):
        raise Invalid(f"No user with id {collector_id}.", {"collector": ["No such user."]})
    if viewer.is_admin:
        return collector_id, None
    if collector_id not in (None, viewer.id):
        raise Forbidden("A collector sees their own numbers and the lot's totals only.")
    return collector_id, viewer.id


def summary_for(viewer: User, start: date, end: date, zone: str, collector_id: int | None = None) -> dict:
    """The summary of the days `start`..`end` (in `zone`) as `viewer` may see it."""
    period = make_period(start, end, zone)
    narrowed, own_row = _scope(viewer, collector_id)
    return summary(period, narrowed, own_row)


def portfolio_for(viewer: User, since: date | None, collector_id: int | None = None) -> dict:
    """The portfolio now, and its roll rates since `since`'s snapshot, as `viewer` may see it."""
    narrowed, _own = _scope(viewer, collector_id)
    return portfolio(narrowed, since)
