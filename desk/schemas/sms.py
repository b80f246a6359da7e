"""Schemas for texts, conversations and account files."""
from flask import url_for
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from desk.schemas.fields import PhoneNumber, RowId, Strict, template_language_field, version_note_field
from desk.schemas.records import ListArgs


class MessageIn(Strict):
    body = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1600))
    template_id = RowId(load_default=None, allow_none=True)
    to = PhoneNumber(load_default=None, allow_none=True)
    attachment_ids = fields.List(RowId(), load_default=list,
                                 validate=validate.Length(max=10, error="At most 10 attachments."))

    @validates_schema
    def _one_source(self, data, **kwargs):
        if data.get("template_id") is not None and (data.get("body") or "").strip():
            raise ValidationError("Give body or template_id, not both.", "body")
        if data.get("template_id") is None and not (data.get("body") or "").strip() \
                and not data.get("attachment_ids"):
            raise ValidationError("Write a message, choose a template, or attach a file.", "body")


class PreviewIn(Strict):
    body = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1600))
    template_id = RowId(load_default=None, allow_none=True)


class MediaOut(Schema):
    url = fields.Method("_url")
    content_type = fields.String()
    fetch_status = fields.String()
    fetch_error = fields.String()

    def _url(self, item):
        return url_for("console.sms_media", media_id=item.id) if item.attachment_id else None


class MessageOut(Schema):
    id = fields.Integer()
    conversation_id = fields.Integer()
    account_id = fields.Integer()
    direction = fields.String()
    from_ = fields.String(attribute="from_number", data_key="from")
    to = fields.String(attribute="to_number")
    body = fields.String()
    media = fields.List(fields.Nested(MediaOut))
    status = fields.String()
    error_code = fields.Integer()
    error_message = fields.String()
    segments = fields.Integer()
    encoding = fields.String()
    sent_by = fields.Integer(attribute="sent_by_id")
    stop_request_flagged = fields.Boolean()
    auto_text = fields.String(allow_none=True, metadata={
        "description": "Set on a text the desk wrote by itself: opt_out_confirmation or help"})
    created_at = fields.DateTime()
    twilio_sid = fields.String()


class MessageQueuedOut(Schema):
    id = fields.Integer()
    status = fields.String()
    to = fields.String(attribute="to_number")
    body = fields.String()
    segments = fields.Integer()
    encoding = fields.String()
    template_language = template_language_field()
    note = version_note_field()


class PreviewOut(Schema):
    body = fields.String()
    segments = fields.Integer()
    encoding = fields.String()
    characters = fields.Integer()
    template_language = template_language_field()
    note = version_note_field()


class ConversationOut(Schema):
    id = fields.Integer()
    account_id = fields.Integer()
    phone_number = fields.String()
    ambiguous = fields.Boolean()
    unread_count = fields.Integer()
    last_message_at = fields.DateTime()
    created_at = fields.DateTime()


class ConversationListArgs(ListArgs):
    unmatched = fields.Boolean(load_default=False, truthy={"1", "true", "yes"}, falsy={"0", "false", "no", ""})


class ConversationLinkIn(Strict):
    account_id = RowId(required=True)
