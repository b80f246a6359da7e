"""Schemas for CSV imports through the API: the upload, the answer, an import's progress."""
from marshmallow import Schema, fields, validate

from desk.schemas.fields import FileUpload
from models import IMPORT_KINDS, IMPORT_STATUSES


class ImportUpload(Schema):
    """multipart/form-data: the CSV `file` and an optional `mapping` (JSON or CSV: header -> field)."""

    file = FileUpload()
    mapping = FileUpload()


class ImportAccepted(Schema):
    id = fields.Integer()
    status = fields.String(validate=validate.OneOf(IMPORT_STATUSES))
    url = fields.String(metadata={"description": "Where to watch the import's progress"})


class ImportRowError(Schema):
    line = fields.Integer()
    column = fields.String()
    message = fields.String()
    value = fields.String()


class ImportRunOut(Schema):
    """desk.imports.summary: an import's progress, counts and first row errors."""

    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(IMPORT_KINDS))
    filename = fields.String()
    status = fields.String(validate=validate.OneOf(IMPORT_STATUSES))
    message = fields.String(allow_none=True)
    total = fields.Integer()
    processed = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    failed = fields.Integer()
    errors = fields.List(fields.Nested(ImportRowError))
    retryable = fields.Boolean(metadata={"description": "Failed with its file still kept: "
                                                        "POST .../retry carries on after the rows imported"})
    created_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    finished_at = fields.String(allow_none=True, metadata={"format": "date-time"})
