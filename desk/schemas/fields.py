"""marshmallow fields for the desk's own kinds of value."""
from decimal import Decimal, InvalidOperation

from marshmallow import ValidationError, fields, validate

from desk.accounts.phones import BadPhone, to_e164
from desk.extensions import db
from models import Disposition, User


class PhoneNumber(fields.String):
    """A phone number as typed, loaded as E.164 (US by default)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return to_e164(text)
        except BadPhone as exc:
            raise ValidationError(str(exc).capitalize() + ".") from exc


class Money(fields.Decimal):
    """A positive amount with at most two decimals, as a Decimal; dumped as a string."""

    def __init__(self, allow_zero: bool = False, **kwargs):
        super().__init__(as_string=True, **kwargs)
        self.allow_zero = allow_zero

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or isinstance(value, float) and not value == value:
            raise ValidationError("Not a valid amount.")
        try:
            amount = Decimal(str(value).strip().replace(",", "").lstrip("$"))
        except (InvalidOperation, ValueError):
            raise ValidationError("Not a valid amount.") from None
        if not amount.is_finite():
            raise ValidationError("Not a valid amount.")
        if amount.as_tuple().exponent < -2:
            raise ValidationError("At most 2 decimal places.")
        if amount < 0 or (amount == 0 and not self.allow_zero):
            raise ValidationError("Must be greater than 0." if not self.allow_zero else "Must not be negative.")
        if amount >= Decimal("10000000000"):
            raise ValidationError("Too large.")
        return amount.quantize(Decimal("0.01"))

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else f"{Decimal(value):.2f}"


MAX_ID = 2**31 - 1  # ids beyond a 32-bit integer exist nowhere; the database would refuse them


class UserRef(fields.Integer):
    """The id of an active user; loaded as the User."""

    def __init__(self, **kwargs):
        super().__init__(strict=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        user_id = super()._deserialize(value, attr, data, **kwargs)
        if not 0 < user_id <= MAX_ID:
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
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
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


class RowId(fields.Integer):
    """A row's id as sent by a client: a whole number from 1 to MAX_ID (anything bigger names no
    row, and the database driver would refuse it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=MAX_ID))
        super().__init__(strict=False, **kwargs)


class FileUpload(fields.Field):
    """A file of a multipart upload, loaded as the werkzeug FileStorage (the verb checks it);
    documented as a binary string."""
