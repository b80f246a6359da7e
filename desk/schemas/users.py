"""marshmallow schemas for passwords and API tokens."""
from marshmallow import Schema, ValidationError, fields, validate

from desk.schemas.fields import Strict, WholeNumber
from desk.users.passwords import password_problem


def strong_password(value: str) -> None:
    """The password policy (desk.users.passwords) as a field validator."""
    problem = password_problem(value)
    if problem:
        raise ValidationError(problem)


def password_field(**kwargs) -> fields.String:
    return fields.String(validate=strong_password, metadata={"format": "password", "minLength": 12}, **kwargs)


class PasswordChangeIn(Strict):
    current_password = fields.String(required=True, metadata={"format": "password"})
    new_password = password_field(required=True)


class PasswordResetIn(Strict):
    password = password_field(required=True)


class TokenIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    expires_in_days = WholeNumber(1, 365, load_default=None,
                                 metadata={"description": "1 to 365; API_TOKEN_DAYS when left out"})


class TokenOwnerOut(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()


class TokenOut(Schema):
    """A token without its secret: `prefix` is its first characters, to recognise it."""

    id = fields.Integer()
    name = fields.String()
    prefix = fields.String(allow_none=True)
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True)
    owner = fields.Nested(TokenOwnerOut, attribute="user")


class TokenCreatedOut(TokenOut):
    token = fields.String(metadata={"description": "the secret, shown this once"})

