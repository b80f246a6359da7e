"""Reading the values DMS exports write: US dates, money, names, statuses, ZIP codes."""
import re
import unicodedata
from datetime import date, datetime

from desk.schemas.fields import FIRST_DAY, LAST_DAY

DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y", "%m-%d-%Y", "%m-%d-%y", "%Y/%m/%d",
                "%m.%d.%Y", "%b %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%B %d, %Y", "%Y%m%d")
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}
STATUS_ALIASES = {
    "active": "current", "open": "current", "ok": "current", "good": "current",
    "late": "delinquent", "past_due": "delinquent", "pastdue": "delinquent", "delinq": "delinquent",
    "repossessed": "repo", "repossession": "repo",
    "chargeoff": "charged_off", "charge_off": "charged_off", "charged_off": "charged_off", "co": "charged_off",
    "paid": "paid_off", "paidoff": "paid_off", "paid_in_full": "paid_off", "pif": "paid_off",
}

LANGUAGE_ALIASES = {
    "en": "en", "eng": "en", "english": "en", "ingles": "en",
    "es": "es", "sp": "es", "spa": "es", "spanish": "es", "espanol": "es", "castellano": "es",
}


class BadValue(ValueError):
    """A cell that cannot be read; the message says why."""


def parse_date(text: str) -> date:
    """MM/DD/YYYY, YYYY-MM-DD, M/D/YY and a few other US forms; a time part is ignored. A day
    outside FIRST_DAY..LAST_DAY (a year 1 or 9999) is refused as the API refuses it."""
    value = text.strip().split(" ")[0] if re.match(r"^\d", text.strip()) else text.strip()
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not FIRST_DAY <= day <= LAST_DAY:
            raise BadValue(f"Date {text.strip()!r} must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}.")
        return day
    raise BadValue(f"Unreadable date {text.strip()!r}; use MM/DD/YYYY or YYYY-MM-DD.")


def clean_money(text: str) -> str:
    """'$1,234.50' -> '1234.50'; '(12.00)' and '12.00-' (accounting negatives) -> '-12.00'."""
    value = text.strip().replace("$", "").replace(",", "").replace(" ", "")
    if value.startswith("(") and value.endswith(")"):
        value = "-" + value[1:-1]
    elif value.endswith("-"):
        value = "-" + value[:-1]
    return value


def clean_integer(text: str) -> str:
    """'24', '24.0' and '1,024' read as whole numbers; anything else is left for the schema."""
    value = text.strip().replace(",", "")
    return value.split(".")[0] if re.fullmatch(r"-?\d+\.0+", value) else value


def split_name(full: str) -> tuple[str, str]:
    """'Garcia, Maria' or 'Maria L Garcia Jr' -> (first, last)."""
    full = " ".join(full.split())
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    parts = full.split(" ")
    if len(parts) == 1:
        return "", parts[0]
    cut = -2 if len(parts) > 2 and parts[-1].lower().rstrip(".") in NAME_SUFFIXES else -1
    return " ".join(parts[:cut]), " ".join(parts[cut:])


def normalise_status(text: str) -> str:
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    return STATUS_ALIASES.get(key, key)


FREQUENCY_ALIASES = {
    "weekly": "weekly", "week": "weekly", "w": "weekly", "wk": "weekly", "every_week": "weekly",
    "biweekly": "biweekly", "bi_weekly": "biweekly", "every_2_weeks": "biweekly", "every_other_week": "biweekly",
    "fortnightly": "biweekly", "b": "biweekly", "bw": "biweekly",
    "semimonthly": "semimonthly", "semi_monthly": "semimonthly", "twice_a_month": "semimonthly",
    "twice_monthly": "semimonthly", "s": "semimonthly", "sm": "semimonthly",
    "monthly": "monthly", "month": "monthly", "m": "monthly", "mo": "monthly", "every_month": "monthly",
}


def normalise_frequency(text: str) -> str:
    """Weekly, biweekly, semimonthly or monthly from the ways DMS exports write them."""
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if key not in FREQUENCY_ALIASES:
        raise BadValue(f"{text!r} is not a payment frequency (weekly, biweekly, semimonthly or monthly).")
    return FREQUENCY_ALIASES[key]


def normalise_language(text: str) -> str:
    """en or es from "en", "English", "Spanish", "Español", "ESPANOL", "Inglés"...; others refused."""
    plain = unicodedata.normalize("NFKD", text.strip().lower())
    key = "".join(ch for ch in plain if not unicodedata.combining(ch))
    if key not in LANGUAGE_ALIASES:
        raise BadValue(f"{text.strip()!r} is not a language the desk speaks: use en (English) or es (Spanish).")
    return LANGUAGE_ALIASES[key]


def normalise_zip(text: str) -> str:
    """Spreadsheets drop leading zeros ('2134' for 02134) and add '.0'; ZIP+4 is kept."""
    value = text.strip().removesuffix(".0")
    if re.fullmatch(r"\d{3,4}", value):
        return value.zfill(5)
    if re.fullmatch(r"\d{9}", value):
        return f"{value[:5]}-{value[5:]}"
    return value


def join_vehicle(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())
