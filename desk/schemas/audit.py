"""Schemas for the audit log."""
from marshmallow import Schema, fields

from desk.schemas.fields import WholeNumber
from desk.schemas.records import ListArgs


class AuditListArgs(ListArgs):
    account_id = WholeNumber(1, load_default=None, allow_none=True)


class AuditEntryOut(Schema):
    """`user` changed `field` of `entity` #`entity_id` from `old` to `new`, at `at`
    (user null: the desk itself, e.g. a promise kept by a payment). A change to a setting or a
    state's contact rule has entity "setting" or "state_rule", entity_id 0 and no account."""

    id = fields.Integer()
    at = fields.DateTime()
    user_id = fields.Integer(allow_none=True)
    user_name = fields.Function(lambda e: e.user.name if e.user else None)
    account_id = fields.Integer(allow_none=True)
    account_number = fields.Function(lambda e: e.account.number if e.account else None)
    entity = fields.String()
    entity_id = fields.Integer()
    field = fields.String()
    old = fields.String(allow_none=True)
    new = fields.String(allow_none=True)
