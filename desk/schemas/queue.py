"""What the work queue and the contactability answer read and send."""
from marshmallow import EXCLUDE, Schema, fields, validate

from desk.schemas.fields import Checked, RowId
from desk.schemas.records import AccountOut, WorkReasonOut


class QueueNextIn(Checked):
    class Meta:
        unknown = EXCLUDE

    include_worked = fields.Boolean(load_default=False, metadata={
        "description": "Also hand out accounts I already worked today (an activity of mine today)"})


class QueuePreviewArgs(QueueNextIn):
    pass


class QueueAccountIn(Checked):
    account_id = RowId(required=True)


class QueueSkipIn(QueueAccountIn):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class QueueItemOut(Schema):
    account = fields.Nested(AccountOut)
    reasons = fields.List(fields.Nested(WorkReasonOut))
    lease_expires_at = fields.DateTime(allow_none=True, metadata={
        "description": "The account is mine alone until then (renewed by my writes on it and by asking again)"})


class QueuePreviewOut(Schema):
    items = fields.List(fields.Nested(QueueItemOut))


class ChannelOut(Schema):
    allowed = fields.Boolean(required=True)
    rule = fields.String(allow_none=True, metadata={
        "description": "The rule that refuses: contact_hours, call_attempts, call_cooldown, call_opt_out, "
                       "sms_opt_out, email_opt_out, no_phone, no_email"})
    reason = fields.String(allow_none=True)
    next_allowed_at = fields.DateTime(allow_none=True, metadata={
        "description": "When every rule allows this channel, where the rules can tell"})


class ContactabilityOut(Schema):
    customer_local_time = fields.DateTime(metadata={"description": "Now in the customer's zone, with its offset"})
    call = fields.Nested(ChannelOut)
    sms = fields.Nested(ChannelOut)
    email = fields.Nested(ChannelOut)
