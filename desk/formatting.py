"""Jinja filters for money, dates and times shown to collectors."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo


def money(value: Decimal | None) -> str:
    """$1,234.50"""
    return "" if value is None else f"${value:,.2f}"


def local_time(value: datetime | None, tz: str = "America/New_York") -> str:
    """A UTC timestamp shown in the given zone."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(tz)).strftime("%b %d, %Y %I:%M %p %Z")


def day(value: date | None) -> str:
    return "" if value is None else value.strftime("%b %d, %Y")


FILTERS = {"money": money, "local_time": local_time, "day": day}
