"""The dashboard's named periods, as days in the dealer's time zone."""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from desk.errors import Invalid

PRESETS = (("today", "Today"), ("week", "This week"), ("7", "Last 7 days"), ("30", "Last 30 days"),
           ("custom", "Custom"))


def local_today(zone: str, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(zone)).date()


def preset_days(name: str, today: date) -> tuple[date, date]:
    """(first, last) day of a named period ending today; a week starts on Monday."""
    first = {"today": today, "week": today - timedelta(days=today.weekday()),
             "7": today - timedelta(days=6), "30": today - timedelta(days=29)}.get(name)
    if first is None:
        raise Invalid(f"Unknown period {name!r}.", {"range": ["Choose one of the periods offered."]})
    return first, today
