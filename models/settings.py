"""Admin-managed settings (compliance limits, recording, reminders) as typed key/value rows."""
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

DEFAULT_SETTINGS = {
    "contact_hours_start": 8,
    "contact_hours_end": 21,
    "call_attempts_max": 7,
    "call_attempts_window_days": 7,
    "call_cooldown_after_contact_days": 7,
    "promise_grace_days": 0,
    "promise_horizon_days": 30,
    "record_calls": False,
    # off skips the recording announcement, except to customers in all-party-consent states
    # (desk.compliance.recording), who always hear it
    "announce_recording": True,
    # named in the desk's automatic texts (HELP answers, opt-out confirmations)
    "dealer_name": "",
    "dealer_phone": "",
    "reminder_days_before": 1,
    "reminder_channel": "sms",
    "reminder_template": "",
    # Who gets a new account the DMS import brings without a collector (docs/assignment.md).
    "assignment_rule": "none",
    "assignment_ranges": "",  # for last_name_ranges: "A-F: casey@desk.local; G-M: jordan@desk.local"
}

# The bounds of each setting, declared once (desk.settings checks them, desk.schemas.settings
# documents them). Contact hours are hours of the day, the end excluded (contact while
# start <= hour < end), so an end of 24 lets calls run to midnight.
SETTING_RANGES = {
    "contact_hours_start": (0, 23),
    "contact_hours_end": (1, 24),
    "call_attempts_max": (1, 50),
    "call_attempts_window_days": (1, 365),
    "call_cooldown_after_contact_days": (0, 365),
    "promise_grace_days": (0, 365),
    "promise_horizon_days": (1, 365),
    "reminder_days_before": (0, 365),
}
# The bounds of a state contact rule's limits and windows (desk.compliance.state_rules).
STATE_RULE_LIMIT_RANGE = (1, 50)
STATE_RULE_DAYS_RANGE = (1, 365)
SETTING_CHOICES = {"reminder_channel": ("sms", "email"),
                   "assignment_rule": ("none", "round_robin", "last_name_ranges")}
SETTING_TEXT_MAX = 120  # reminder_template names a template; template names are at most 120 characters
SETTING_TEXT_LIMITS = {"assignment_ranges": 2000}  # text settings allowed more than SETTING_TEXT_MAX
# A line of help under a setting on the settings page.
SETTING_HELP = {
    "announce_recording": "Off skips the recording announcement only for customers outside the all-party-consent "
                          "states ({all_party_states}); customers there always hear it.",
    "dealer_name": "Named in the desk's automatic texts (HELP answers, opt-out confirmations).",
    "dealer_phone": "The number a HELP answer tells the customer to call.",
}
# Where round-robin assignment stopped (the last collector's user id): kept in the settings table,
# written by the import, not by the admin, so it is not in DEFAULT_SETTINGS.
ROUND_ROBIN_CURSOR = "assignment_round_robin_last"


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
