"""Jinja filters for money, phone numbers, dates and times shown to collectors: every phone
number goes through `phone` and every timestamp through `local_time`, so each looks the same on
every page."""
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import phonenumbers

from desk.zones import user_zone


def money(value: Decimal | str | None) -> str:
    """$1,234.50 (from a Decimal, or the API's "1234.50")"""
    return "" if value is None else f"${Decimal(value):,.2f}"


def percent(rate: float | None) -> str:
    """42.5% for 0.425; a dash when the rate is undefined (nothing to divide by)."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def phone(number: str | None) -> str:
    """(702) 555-1022 for US numbers, E.164 (+442079460000) for others; text that is no phone
    number is shown as it is."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return number
    if parsed.country_code == 1 and phonenumbers.region_code_for_number(parsed) in ("US", None):
        national = str(parsed.national_number)
        if len(national) == 10:
            return f"({national[:3]}) {national[3:6]}-{national[6:]}"
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def local_time(value: datetime | None, tz: str | None = None) -> str:
    """A UTC timestamp in the collector's own zone (or `tz`): "Mar 04, 2026 02:05 PM CST"."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(tz or user_zone())).strftime("%b %d, %Y %I:%M %p %Z")


def clock(tz: str | None, at: datetime | None = None) -> str:
    """The time of day now (or at `at`) in a zone, for the customer's local time: "2:05 PM CST"."""
    if not tz:
        return ""
    moment = (at or datetime.now(UTC)).astimezone(ZoneInfo(tz))
    return moment.strftime("%I:%M %p %Z").lstrip("0")


def day(value: date | None) -> str:
    return "" if value is None else value.strftime("%b %d, %Y")


SPANISH_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                  "octubre", "noviembre", "diciembre")


def day_in(value: date | None, language: str = "en") -> str:
    """A day as a customer reads it: "Dec 15, 2026", or in Spanish "15 de diciembre de 2026"."""
    if value is None or language != "es":
        return day(value)
    return f"{value.day} de {SPANISH_MONTHS[value.month - 1]} de {value.year}"


def local_day(value: datetime | None, tz: str | None = None) -> str:
    """The date a UTC timestamp falls on in the collector's zone (or `tz`)."""
    return "" if value is None else day(value.astimezone(ZoneInfo(tz or user_zone())).date())


FILTERS = {"money": money, "phone": phone, "local_time": local_time, "clock": clock, "day": day,
           "local_day": local_day, "percent": percent}
