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


def local_day(value: datetime | None, tz: str = "America/New_York") -> str:
    """The date a UTC timestamp falls on in the given zone."""
    return "" if value is None else day(value.astimezone(ZoneInfo(tz)).date())


FILTERS = {"money": money, "local_time": local_time, "day": day, "local_day": local_day}
