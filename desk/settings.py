"""Read and change admin settings, falling back to the documented defaults. Every setting is
checked against its bounds (models.settings): the console form and the API refuse anything
outside them, naming the setting."""
from desk import audit
from desk.accounts.name_ranges import parse_ranges
from desk.errors import Invalid
from desk.extensions import db
from desk.schemas.fields import is_ascii_whole
from models import (
    DEFAULT_SETTINGS,
    SETTING_CHOICES,
    SETTING_RANGES,
    SETTING_TEXT_LIMITS,
    SETTING_TEXT_MAX,
    Setting,
    User,
)

TRUE = (True, "1", "true", "on", "yes", 1)
FALSE = (False, "0", "false", "off", "no", "", 0)


def get(key: str):
    row = db.session.get(Setting, key)
    return row.value if row is not None else DEFAULT_SETTINGS[key]


def all_settings() -> dict:
    stored = {row.key: row.value for row in db.session.execute(db.select(Setting)).scalars()}
    return {key: stored.get(key, default) for key, default in DEFAULT_SETTINGS.items()}


def change(values: dict, author: User | None = None) -> None:
    """Store the given settings, each read as its default's type and checked against its bounds;
    Invalid naming every setting refused, and nothing stored, if any is. Each value that changes
    is audited as `author`'s (entity "setting", the field its key)."""
    read, errors = {}, {}
    for key, value in values.items():
        try:
            read[key] = checked(key, value)
        except ValueError as exc:
            errors[key] = [str(exc)]
    errors.update(_hours_in_order({**all_settings(), **read}, values))
    errors.update(_ranges_for_rule({**all_settings(), **read}, errors))
    if errors:
        raise Invalid(f"Settings out of bounds: {', '.join(errors)}.", errors)
    before = all_settings()
    audit.record("setting", 0, None, {key: (before[key], value) for key, value in read.items()}, author)
    for key, value in read.items():
        row = db.session.get(Setting, key) or Setting(key=key)
        row.value = value
        db.session.add(row)


def checked(key: str, value):
    """The value as the setting's type; ValueError saying why it is refused."""
    if key not in DEFAULT_SETTINGS:
        raise ValueError("Unknown setting.")
    kind = type(DEFAULT_SETTINGS[key])
    if kind is bool:
        return checked_flag(value)
    if kind is int:
        return checked_whole(value, *SETTING_RANGES[key])
    return _text(key, value)


def checked_flag(value) -> bool:
    """True or false from a form or JSON value; ValueError otherwise."""
    if isinstance(value, str):
        value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError("Must be true or false.")


def checked_whole(value, lowest: int, highest: int) -> int:
    """A whole number from `lowest` to `highest` (given as a number or its digits); ValueError otherwise."""
    if isinstance(value, bool) or not (isinstance(value, int) or is_ascii_whole(value)):
        raise ValueError(f"Must be int: a whole number from {lowest} to {highest}.")
    number = int(value)
    if not lowest <= number <= highest:
        raise ValueError(f"Must be from {lowest} to {highest}.")
    return number


def _text(key: str, value) -> str:
    if not isinstance(value, str):
        raise ValueError("Must be text.")
    value = value.strip()
    if key in SETTING_CHOICES and value not in SETTING_CHOICES[key]:
        raise ValueError(f"Must be one of: {', '.join(SETTING_CHOICES[key])}.")
    longest = SETTING_TEXT_LIMITS.get(key, SETTING_TEXT_MAX)
    if len(value) > longest:
        raise ValueError(f"At most {longest} characters.")
    if key == "assignment_ranges":
        parse_ranges(value)
    return value


def _hours_in_order(merged: dict, given: dict) -> dict:
    """Contact hours must start before they end (a start after the end allows no hour at all)."""
    start, end = merged["contact_hours_start"], merged["contact_hours_end"]
    if isinstance(start, int) and isinstance(end, int) and start >= end:
        key = "contact_hours_end" if "contact_hours_end" in given else "contact_hours_start"
        return {key: ["Contact hours must start before they end."]}
    return {}


def _ranges_for_rule(merged: dict, errors: dict) -> dict:
    """Assigning by last-name ranges needs ranges to assign by."""
    if (merged["assignment_rule"] == "last_name_ranges" and "assignment_ranges" not in errors
            and not str(merged["assignment_ranges"]).strip()):
        return {"assignment_ranges": ['Give ranges such as "A-F: casey@desk.local; G-Z: jordan@desk.local".']}
    return {}
