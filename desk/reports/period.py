"""A report's period: whole days in the dealer's time zone, and their bounds in UTC."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, case, literal, type_coerce

from desk.errors import Invalid
from models.base import UTCDateTime

LONGEST = 366  # days a period may span (a year, leap or not)


@dataclass(frozen=True)
class Period:
    start: date  # first day, inclusive
    end: date  # last day, inclusive
    zone: str

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def midnight(self, day: date) -> datetime:
        """00:00 local of `day`, in UTC (DST moves it, so every day is computed)."""
        return datetime.combine(day, time(0), ZoneInfo(self.zone)).astimezone(UTC)

    @property
    def starts_at(self) -> datetime:
        return self.midnight(self.start)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the period: 00:00 local of the day after `end`."""
        return self.midnight(self.end + timedelta(days=1))

    def contains(self, stamp):
        """SQL: the UTC timestamp `stamp` falls inside the period (a plain range an index scans)."""
        return and_(stamp >= literal(self.starts_at, UTCDateTime()), stamp < literal(self.ends_at, UTCDateTime()))

    def day_of(self, stamp):
        """SQL: the local day ('YYYY-MM-DD') of a timestamp inside the period, as a balanced CASE
        over the days' UTC bounds (each computed in the zone, so DST is right): a handful of
        comparisons a row on every database, and the planner sees a plain range scan."""
        return type_coerce(self._split(stamp, self.days), String())

    def _split(self, stamp, days: list[date]):
        if len(days) == 1:
            return literal(days[0].isoformat())
        middle = len(days) // 2
        return case((stamp < literal(self.midnight(days[middle]), UTCDateTime()), self._split(stamp, days[:middle])),
                    else_=self._split(stamp, days[middle:]))


def make_period(start: date, end: date, zone: str) -> Period:
    """The period from `start` to `end`, or Invalid naming the field at fault."""
    if end < start:
        raise Invalid("The period ends before it starts.", {"to": ["Must be on or after from."]})
    if (end - start).days + 1 > LONGEST:
        raise Invalid("A report covers at most a year.", {"to": [f"At most {LONGEST} days after from."]})
    return Period(start, end, zone)
