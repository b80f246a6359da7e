"""Whether a recorded call starts with the recording announcement.

In an all-party-consent state everyone on the call must agree to its recording, so a customer
whose address is in one always hears the announcement; the admin's `announce_recording` off
skips it only for customers elsewhere.
"""
from desk import settings
from models import SETTING_HELP, Account

# States where recording a call needs the consent of every party (the one list in the code).
ALL_PARTY_CONSENT_STATES = ("CA", "CT", "DE", "FL", "IL", "MD", "MA", "MT", "NV", "NH", "PA", "WA")


def all_party_state(account: Account | None) -> bool:
    return account is not None and (account.state or "").strip().upper() in ALL_PARTY_CONSENT_STATES


def announces_recording(account: Account | None) -> bool:
    """True when the call is recorded and this customer hears the announcement first."""
    if not settings.get("record_calls"):
        return False
    return all_party_state(account) or bool(settings.get("announce_recording"))


def settings_help() -> dict[str, str]:
    """The settings page's help lines, with the all-party states named from the list above."""
    states = ", ".join(ALL_PARTY_CONSENT_STATES)
    return {key: text.format(all_party_states=states) for key, text in SETTING_HELP.items()}
