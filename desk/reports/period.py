"""A report's period: whole days in the dealer's time zone, and their bounds in UTC."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import literal, select, union_all

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

    def day_table(self):
        """The period's days as rows (day, starts_at, ends_at) to join timestamps against."""
        rows = [select(literal(day.isoformat()).label("day"),
                       literal(self.midnight(day), UTCDateTime()).label("starts_at"),
                       literal(self.midnight(day + timedelta(days=1)), UTCDateTime()).label("ends_at"))
                for day in self.days]
        return (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("days")


def make_period(start: date, end: date, zone: str) -> Period:
    """The period from `start` to `end`, or Invalid naming the field at fault."""
    if end < start:
        raise Invalid("The period ends before it starts.", {"to": ["Must be on or after from."]})
    if (end - start).days + 1 > LONGEST:
        raise Invalid("A report covers at most a year.", {"to": [f"At most {LONGEST} days after from."]})
    return Period(start, end, zone)
