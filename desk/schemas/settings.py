"""The admin settings as the API reads and writes them, typed and bounded as models.settings
declares (desk.settings checks the same bounds, and that contact hours start before they end)."""
from marshmallow import Schema, fields, validate

from desk.schemas.fields import Strict, WholeNumber
from models import DEFAULT_SETTINGS, SETTING_CHOICES, SETTING_RANGES, SETTING_TEXT_LIMITS, SETTING_TEXT_MAX


def _field(key: str, default) -> fields.Field:
    """One setting's field: its default's type, within its bounds."""
    about = {"metadata": {"description": f"Default {default!r}."}}
    if isinstance(default, bool):
        return fields.Boolean(**about)
    if isinstance(default, int):
        lowest, highest = SETTING_RANGES[key]
        return WholeNumber(minimum=lowest, maximum=highest, **about)
    if key in SETTING_CHOICES:
        return fields.String(validate=validate.OneOf(SETTING_CHOICES[key]), **about)
    return fields.String(validate=validate.Length(max=SETTING_TEXT_LIMITS.get(key, SETTING_TEXT_MAX)), **about)


SETTING_FIELDS = {key: _field(key, default) for key, default in DEFAULT_SETTINGS.items()}
SettingsOut = Schema.from_dict(SETTING_FIELDS, name="SettingsOut")
SettingsIn = Strict.from_dict({key: _field(key, default) for key, default in DEFAULT_SETTINGS.items()},
                              name="SettingsIn")
SettingsIn.__doc__ = "Some or all settings, each within its bounds; contact hours start before they end."
