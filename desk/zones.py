"""IANA time zone names: which the desk accepts, and the one a collector reads times in."""
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


US_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
            "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico")


def common_zones() -> list[str]:
    """The zones the settings page offers first; any other IANA name can be typed."""
    return list(US_ZONES)


def check_zone(name: str) -> str:
    """The name when it is an IANA zone this machine knows, else ValueError."""
    if not isinstance(name, str) or name not in known_zones():
        raise ValueError(f"{name!r} is not an IANA time zone")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not an IANA time zone") from exc
    return name


def user_zone(user=None) -> str:
    """The zone a person reads times in: their own, else the dealer's (DEALER_TIME_ZONE)."""
    from flask import current_app
    from flask_login import current_user

    user = user if user is not None else current_user
    own = getattr(user, "time_zone", None) if user is not None else None
    return own or current_app.config["DEALER_TIME_ZONE"]
