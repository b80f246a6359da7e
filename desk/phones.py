"""Phone numbers in E.164, parsed with phonenumbers (US by default)."""
import phonenumbers
from phonenumbers import timezone as pn_timezone


class BadPhone(ValueError):
    pass


def to_e164(raw: str, region: str = "US") -> str:
    """Normalise a number as people type it to E.164, or raise BadPhone with the reason."""
    try:
        parsed = phonenumbers.parse(str(raw), region)
    except phonenumbers.NumberParseException as exc:
        raise BadPhone(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise BadPhone("not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def maybe_e164(raw: str | None) -> str | None:
    """E.164 when the text parses, else None (for matching what Twilio sends)."""
    try:
        return to_e164(raw) if raw else None
    except BadPhone:
        return None


def pretty(number: str | None) -> str:
    """(555) 123-4567 for US numbers, international format otherwise."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return number
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 1
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, fmt)


def zones_for_number(number: str) -> list[str]:
    """The IANA zones the number's area code covers (empty when unknown)."""
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return []
    return [z for z in pn_timezone.time_zones_for_number(parsed) if "/" in z]
