"""Read and change admin settings, falling back to the documented defaults."""
from desk.errors import Invalid
from desk.extensions import db
from models import DEFAULT_SETTINGS, Setting


def get(key: str):
    row = db.session.get(Setting, key)
    return row.value if row is not None else DEFAULT_SETTINGS[key]


def all_settings() -> dict:
    stored = {row.key: row.value for row in db.session.execute(db.select(Setting)).scalars()}
    return {key: stored.get(key, default) for key, default in DEFAULT_SETTINGS.items()}


def change(values: dict) -> None:
    """Store the given settings, each coerced to its default's type."""
    for key, value in values.items():
        if key not in DEFAULT_SETTINGS:
            raise Invalid(f"unknown setting {key}", {key: ["Unknown setting."]})
        kind = type(DEFAULT_SETTINGS[key])
        try:
            value = _coerce(kind, value)
        except (TypeError, ValueError):
            raise Invalid(f"{key} must be {kind.__name__}", {key: [f"Must be {kind.__name__}."]}) from None
        row = db.session.get(Setting, key) or Setting(key=key)
        row.value = value
        db.session.add(row)


def _coerce(kind, value):
    if kind is bool:
        return value in (True, "1", "true", "on", "yes", 1)
    if kind is int:
        number = int(value)
        if number < 0:
            raise ValueError
        return number
    return str(value)
