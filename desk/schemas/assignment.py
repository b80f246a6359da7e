"""Assigning accounts to collectors, as the API takes and answers it."""
from marshmallow import Schema, fields, validate

from desk.accounts.assignment import MAX_ACCOUNTS
from desk.schemas.fields import RowId, Strict, UserRef


class AssignIn(Strict):
    account_ids = fields.List(RowId(), required=True, validate=validate.Length(min=1, max=MAX_ACCOUNTS),
                              metadata={"description": f"The accounts to assign, 1 to {MAX_ACCOUNTS}."})
    assigned_to = UserRef(required=True, allow_none=True,
                          metadata={"description": "An active collector's user id; null unassigns."})


class AssignOut(Schema):
    count = fields.Integer(metadata={"description": "How many accounts now have that assignment."})
