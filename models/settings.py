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
    "reminder_days_before": 1,
    "reminder_channel": "sms",
    "reminder_template": "",
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
SETTING_CHOICES = {"reminder_channel": ("sms", "email")}
SETTING_TEXT_MAX = 120  # reminder_template names a template; template names are at most 120 characters


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
