"""Schemas for emails and attachments."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from desk.schemas.fields import FileUpload, RowId, Strict, template_language_field, version_note_field


class CustomerEmailIn(Strict):
    """A custom email (subject + body) or a template; `to` defaults to the account's first address."""

    to = fields.Email(load_default=None, allow_none=True)
    template_id = RowId(load_default=None, allow_none=True)
    subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    body = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20000))
    attachment_ids = fields.List(RowId(), load_default=list,
                                 validate=validate.Length(max=10))

    @validates_schema
    def _template_or_custom(self, data, **kwargs):
        custom = {k for k in ("subject", "body") if (data.get(k) or "").strip()}
        if data.get("template_id") is not None:
            if custom:
                raise ValidationError("Send a template_id or a subject and body, not both.", "template_id")
            return
        errors = {k: ["Required unless template_id is given."] for k in ("subject", "body") if k not in custom}
        if errors:
            raise ValidationError(errors)


class EmailPreviewIn(Strict):
    """A template, or the subject and body as typed so far (either may still be empty)."""

    template_id = RowId(load_default=None, allow_none=True)
    subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    body = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20000))


class EmailPreviewOut(Schema):
    subject = fields.String()
    body = fields.String()
    template_language = template_language_field()
    note = version_note_field()


class AttachmentOut(Schema):
    id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    created_at = fields.DateTime()


class CustomerEmailOut(Schema):
    id = fields.Integer()
    account_id = fields.Integer()
    to = fields.String(attribute="to_address")
    subject = fields.String()
    status = fields.String()
    error = fields.String()
    message_id = fields.String()
    attempts = fields.Integer()
    attachments = fields.List(fields.Nested(AttachmentOut))
    sent_by = fields.Integer(attribute="sent_by_id")
    created_at = fields.DateTime()
    sent_at = fields.DateTime()


class EmailQueued(Schema):
    id = fields.Integer()
    status = fields.String()
    template_language = template_language_field()
    note = version_note_field()


class AttachmentUpload(Schema):
    """multipart/form-data: `file`, a PDF, JPEG, PNG or GIF of at most 5 MB."""

    file = FileUpload()
