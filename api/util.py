"""Small helpers the API views share."""
from flask import abort, request
from flask_login import current_user
from marshmallow import Schema, ValidationError

from desk.errors import Invalid


def body(schema: Schema, partial: bool | tuple = False) -> dict:
    """Load the JSON body through a schema; a body that is not a JSON object is a 422."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Invalid("Send a JSON object.", {"_body": ["Send a JSON object with Content-Type application/json."]})
    return schema.load(data, partial=partial)


def args(schema: Schema) -> dict:
    return schema.load(request.args.to_dict())


def listing(schema: Schema, rows, next_cursor) -> dict:
    return {"items": schema.dump(rows, many=True), "next": next_cursor}


def require_admin() -> None:
    if not current_user.is_admin:
        abort(403, "This needs the admin role.")


__all__ = ["ValidationError", "args", "body", "listing", "require_admin"]
