"""Phone numbers in E.164, parsed with phonenumbers (US by default)."""
import functools

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


def _cached_for_phone_sized(function):
    """Cache the answers for phone-sized strings: parsing costs a fraction of a millisecond and
    every inbound text asks again for numbers seen before. Longer input is not kept."""
    cached = functools.lru_cache(maxsize=4096)(function)

    @functools.wraps(function)
    def answer(raw):
        return cached(raw) if isinstance(raw, str) and len(raw) <= 32 else function(raw)

    return answer


@_cached_for_phone_sized
def maybe_e164(raw: str | None) -> str | None:
    """E.164 when the text parses, else None (for matching what Twilio sends)."""
    try:
        return to_e164(raw) if raw else None
    except BadPhone:
        return None


@_cached_for_phone_sized
def pretty(number: str | None) -> str:
    """The number as the console shows it (desk.formatting.phone), for text the desk writes."""
    from desk.formatting import phone

    return phone(number)


def zones_for_number(number: str) -> list[str]:
    """The IANA zones the number's area code covers (empty when unknown)."""
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return []
    return [z for z in pn_timezone.time_zones_for_number(parsed) if "/" in z and z != "Etc/Unknown"]
