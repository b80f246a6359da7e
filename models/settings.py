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


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
