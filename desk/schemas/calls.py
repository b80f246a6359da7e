"""marshmallow schemas for calls, prompts and the softphone token."""
from marshmallow import Schema, ValidationError, fields, validate, validates

from desk.schemas.fields import RowId, Strict


class CallIn(Strict):
    to = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    via = fields.String(load_default="phone", validate=validate.OneOf(["phone", "browser"]))
    override_reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    amd = fields.Boolean(load_default=False)
    voicemail_drop = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))

    @validates("voicemail_drop")
    def _drop(self, value, **kwargs):
        if value and value.strip().startswith("http://"):
            raise ValidationError("A recording URL must be https.")


class CallOut(Schema):
    id = fields.Integer()
    account_id = fields.Integer()
    collector_id = fields.Integer()
    direction = fields.String()
    via = fields.String()
    to = fields.String(attribute="to_number")
    from_ = fields.String(attribute="from_number", data_key="from")
    status = fields.String()
    customer_status = fields.String()
    answered_by = fields.String()
    duration = fields.Integer()
    talk_seconds = fields.Integer()
    amd = fields.Boolean()
    voicemail_drop = fields.String()
    voicemail_dropped = fields.Boolean()
    recording_url = fields.String()
    recording_duration = fields.Integer()
    prompt_pending = fields.Boolean()
    override_reason = fields.String()
    created_at = fields.DateTime()
    answered_at = fields.DateTime()
    ended_at = fields.DateTime()


class PromptOut(Schema):
    call_id = fields.Integer(metadata={"description": "The prompt's id: the call it asks about"})
    account_id = fields.Integer()
    account_number = fields.String()
    customer = fields.String()
    to = fields.String()
    direction = fields.String()
    status = fields.String()
    duration = fields.Integer()
    ended_at = fields.String()
    suggested_disposition = fields.String()
    suggested_disposition_id = fields.Integer(allow_none=True)


class PromptDismissIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500), metadata={
        "description": "Why the call has no outcome to record", "example": "Wrong number dialled"})


class PromptDismissedOut(Schema):
    call_id = fields.Integer(attribute="id")
    account_id = fields.Integer()
    dismissed_at = fields.DateTime(attribute="prompt_dismissed_at")
    dismissed_by_id = fields.Integer(attribute="prompt_dismissed_by_id")
    reason = fields.String(attribute="prompt_dismiss_reason")


class CallLinkIn(Strict):
    account_id = RowId(required=True)


class VoiceTokenOut(Schema):
    token = fields.String()
    identity = fields.String()
    ttl = fields.Integer()
    device_options = fields.Dict(metadata={"description": "options for `new Twilio.Device(token, options)`: "
                                                          "the simulator's signalling host, or none"})


class RingingCallOut(Schema):
    call_id = fields.Integer()
    account_id = fields.Integer(allow_none=True, metadata={"description": "None for an unknown caller"})
    account_number = fields.String(allow_none=True)
    customer = fields.String(allow_none=True, metadata={"description": "The account's customer name"})
    number = fields.String(allow_none=True, metadata={"description": "The caller's number"})
