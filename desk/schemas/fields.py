"""marshmallow fields for the desk's own kinds of value, and the checks every loaded schema makes."""
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

from desk.accounts.phones import BadPhone, to_e164
from desk.extensions import db
from models import Disposition, User
from models.base import MAX_ID

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: no database here stores them
UNSTORABLE_MESSAGE = "Contains a character that cannot be stored (NUL or a lone surrogate)."


def unstorable_in(value):
    """marshmallow-shaped errors for the strings in `value` (keys included) that hold an
    unstorable character; None when there are none."""
    if isinstance(value, str):
        return [UNSTORABLE_MESSAGE] if UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        found = {}
        for key, item in value.items():
            if isinstance(key, str) and UNSTORABLE.search(key):
                found[ascii(key)[1:-1]] = [UNSTORABLE_MESSAGE]
            elif (errors := unstorable_in(item)) is not None:
                found[key] = errors
        return found or None
    if isinstance(value, (list, tuple)):
        found = {i: errors for i, item in enumerate(value) if (errors := unstorable_in(item)) is not None}
        return found or None
    return None


class Checked(Schema):
    """Every schema that loads what a client sends: a string holding NUL or a lone surrogate is
    refused naming its field (PostgreSQL refuses NUL in text; neither database encodes a lone
    surrogate), before any field reads it."""

    @pre_load(pass_collection=True)
    def _storable(self, data, **kwargs):
        plain = dict(data) if hasattr(data, "keys") and not isinstance(data, dict) else data
        errors = unstorable_in(plain)
        if errors:
            raise ValidationError(errors)
        return data


class Strict(Checked):
    """A schema that also refuses fields it does not know (422 naming them)."""

    class Meta:
        unknown = RAISE


class PhoneNumber(fields.String):
    """A phone number as typed, loaded as E.164 (US by default)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return to_e164(text)
        except BadPhone as exc:
            raise ValidationError(str(exc).capitalize() + ".") from exc


PLAIN_AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # ASCII digits only: Decimal("١٠") is 10
MAX_AMOUNT = Decimal("10000000000")  # Numeric(12, 2): at most 10 digits before the point


class Money(fields.Decimal):
    """A positive amount with at most two decimals, as a Decimal; dumped as a string."""

    def __init__(self, allow_zero: bool = False, **kwargs):
        super().__init__(as_string=True, **kwargs)
        self.allow_zero = allow_zero

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
            raise ValidationError("Not a valid amount.")
        text = str(value).strip().replace(",", "").lstrip("$")
        if not PLAIN_AMOUNT.fullmatch(text):
            raise ValidationError("Not a valid amount.")
        try:
            amount = Decimal(text)
        except (InvalidOperation, ValueError):
            raise ValidationError("Not a valid amount.") from None
        if amount.as_tuple().exponent < -2:
            raise ValidationError("At most 2 decimal places.")
        if amount < 0 or (amount == 0 and not self.allow_zero):
            raise ValidationError("Must be greater than 0." if not self.allow_zero else "Must not be negative.")
        if amount >= MAX_AMOUNT:
            raise ValidationError("Too large.")
        return amount.quantize(Decimal("0.01"))

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else f"{Decimal(value):.2f}"


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)  # no date the desk keeps lies outside


class Day(fields.Date):
    """A calendar day in ISO form between `first` and `last` (by default 1900-01-01..2100-12-31):
    a year 1 or 9999 is a typing error, and date arithmetic at the calendar's ends overflows."""

    def __init__(self, first: date = FIRST_DAY, last: date = LAST_DAY, **kwargs):
        super().__init__(**kwargs)
        self.first, self.last = first, last

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not self.first <= day <= self.last:
            raise ValidationError(f"Must be between {self.first.isoformat()} and {self.last.isoformat()}.")
        return day


ASCII_WHOLE = re.compile(r"\s*[+-]?[0-9]{1,19}\s*")  # int("١") and int("１") are 1: no client meant that


def is_ascii_whole(value) -> bool:
    return isinstance(value, str) and ASCII_WHOLE.fullmatch(value) is not None


class WholeNumber(fields.Integer):
    """A whole number from `minimum` to `maximum`: a JSON integer, an integral float, or a string of
    ASCII digits (not Arabic-Indic or fullwidth digits, which int() would read)."""

    def __init__(self, minimum: int = 0, maximum: int = MAX_ID, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=minimum, max=maximum))
        super().__init__(strict=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (isinstance(value, str) and not is_ascii_whole(value)):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class UserRef(WholeNumber):
    """The id of an active user; loaded as the User."""

    def __init__(self, **kwargs):
        super().__init__(minimum=1, validate=(), **kwargs)  # loads a User: the range is checked here

    def _deserialize(self, value, attr, data, **kwargs):
        user_id = super()._deserialize(value, attr, data, **kwargs)
        if not 0 < user_id <= MAX_ID:  # validators run after this; the database would refuse it
            raise ValidationError(f"No active user with id {user_id}.")
        user = db.session.get(User, user_id)
        if user is None or not user.active:
            raise ValidationError(f"No active user with id {user_id}.")
        return user

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else getattr(value, "id", value)


class DispositionRef(fields.Field):
    """A disposition given by id or by name; loaded as the Disposition."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError("Give a disposition id or name.")
        if isinstance(value, int) or is_ascii_whole(value):
            found = db.session.get(Disposition, int(value)) if 0 < int(value) <= MAX_ID else None
        elif isinstance(value, str) and value.strip():
            found = db.session.execute(
                db.select(Disposition).where(db.func.lower(Disposition.name) == value.strip().lower())
            ).scalar_one_or_none()
        else:
            raise ValidationError("Give a disposition id or name.")
        if found is None or not found.active:
            raise ValidationError(f"Unknown disposition {value!r}.")
        return found

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.name


class RowId(WholeNumber):
    """A row's id as sent by a client: a whole number from 1 to MAX_ID (anything bigger names no
    row, and the database driver would refuse it)."""

    def __init__(self, **kwargs):
        super().__init__(minimum=1, **kwargs)


class FileUpload(fields.Field):
    """A file of a multipart upload, loaded as the werkzeug FileStorage (the verb checks it);
    documented as a binary string."""


def template_language_field() -> fields.String:
    """Which language version of a template a send or preview used (null when no template)."""
    return fields.String(allow_none=True, metadata={"description": (
        "The language of the template version used (`en` or `es`): the customer's, else English; "
        "null when no template was used.")})


def version_note_field() -> fields.String:
    return fields.String(allow_none=True, metadata={"description": (
        'Which template version was used, e.g. "Spanish version" or "No Spanish version: sent in English".')})
