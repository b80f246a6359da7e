"""The OpenAPI document, made by flask-smorest from the routes themselves.

Each view declares what it reads and answers with the marshmallow schemas of desk/schemas/
(`@bp.arguments` parses and validates the request with them, `@bp.response` dumps the answer
with them), so the document at /api/v1/openapi.json lists exactly the rules the blueprint has.
What the library does not know is added here, once for every operation:

- errors keep the desk's own shape (desk.errors): the parser hands validation errors to the
  desk's handlers (422 with `fields` naming the fields, not webargs' {location: ...}), a body
  that is no JSON object is the desk's 422 `_body` refusal, and no handler of flask-smorest's
  replaces the desk's;
- the error answers every operation can give are documented from the route: 401 (api.auth),
  400 on writes (a session write without its CSRF token) and on lists that page (a cursor the
  API did not sign, desk.paging), 404 where the path names a row; views document their own
  403/409/... with `bp.refuses`;
- every POST takes an optional Idempotency-Key header (api.idempotency), and so can answer 409
  (the first request with the key still running) and 422 (the key used for another request).
"""
import http

from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.spec.plugins import FlaskPlugin
from marshmallow import Schema, ValidationError
from webargs.flaskparser import FlaskParser

from desk.errors import Invalid
from desk.schemas.fields import FileUpload, Money
from desk.schemas.records import ErrorOut

PREFIX = "/api/v1"
WRITES = {"post", "put", "patch", "delete"}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Makes a retry safe: the first request with a key is done and its answer kept for 24 hours; "
                   "a repeat with the same body gets that answer again (with `Idempotent-Replayed: true`), "
                   "with another body 422, while the first still runs 409 `idempotency_in_progress`. "
                   "Keys are per user.",
}


class Parser(FlaskParser):
    """webargs' parser, answering the way the desk always has."""

    def load_json(self, req, schema):
        data = req.get_json(silent=True)
        if not isinstance(data, dict):
            raise Invalid("Send a JSON object.", {"_body": ["Send a JSON object with Content-Type application/json."]})
        return data

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        # webargs namespaced the messages under the location ({"json": {...}}): unwrap them and
        # let desk.errors answer 422 {"error": {"code": "invalid", ..., "fields": {...}}}
        (messages,) = error.messages.values()
        raise ValidationError(messages) from error


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = Parser()

    def refuses(self, *statuses: int):
        """Document error answers a view can give beyond those every operation has."""

        def decorator(view):
            for status in statuses:
                view = self.alt_response(status, response=http.HTTPStatus(status).name)(view)
            return view

        return decorator


class RoutePlugin(FlaskPlugin):
    """Paths relative to the server URL /api/v1; path parameters and the errors any operation
    can give written into each operation."""

    def path_helper(self, rule, operations, parameters, **kwargs):
        path = super().path_helper(rule, operations, parameters, **kwargs)
        in_path = [p for p in parameters if p.get("in") == "path"]
        parameters[:] = [p for p in parameters if p.get("in") != "path"]
        for method, operation in operations.items():
            keyed = [dict(IDEMPOTENCY_KEY)] if method == "post" else []
            operation["parameters"] = in_path + keyed + operation.get("parameters", [])
            responses = operation.setdefault("responses", {})
            refused = method in WRITES or reads_cursor(operation)
            common = [401] + ([400] if refused else []) + ([404] if in_path else []) \
                + ([409, 422] if keyed else [])
            for status in common:
                if status not in responses and str(status) not in responses:
                    responses[status] = http.HTTPStatus(status).name
        return path.removeprefix(PREFIX) or "/"


def reads_cursor(operation: dict) -> bool:
    """Whether the operation's query arguments include a page cursor."""
    for parameter in operation.get("parameters") or []:
        schema = parameter.get("schema") if parameter.get("in") == "query" else None
        is_schema = isinstance(schema, Schema) or isinstance(schema, type) and issubclass(schema, Schema)
        if is_schema and "cursor" in schema._declared_fields:
            return True
    return False


class DocumentedApi(Api):
    """flask-smorest's Api with the desk's error schema, without its error handler (desk.errors
    answers every error, in its own shape) and without its page-number pagination header (lists
    here are {"items", "next"} with a cursor)."""

    ERROR_SCHEMA = ErrorOut

    def _register_error_handlers(self):
        pass

    def _register_pagination_header(self):
        pass


def schema_name(schema) -> str:
    """Component names: the class name; a schema loaded partially (PATCH) gets its own."""
    name = (schema if isinstance(schema, type) else type(schema)).__name__
    return name + "Partial" if isinstance(schema, Schema) and schema.partial else name


def init_app(app, bp) -> Api:
    """Register the API blueprint under /api/v1 and serve its document at /api/v1/openapi.json."""
    from apispec.ext.marshmallow import MarshmallowPlugin

    app.config.setdefault("OPENAPI_URL_PREFIX", PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = DocumentedApi(app, spec_kwargs={
        "title": "Collections Desk API", "version": "1.0.0", "openapi_version": "3.0.3",
        "flask_plugin": RoutePlugin(), "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
        "servers": [{"url": PREFIX}], "security": [{"bearer": []}],
        "info": {"description": "Authenticated by `Authorization: Bearer <token>` (from `desk create-token`) "
                                "or the console session (writes then need the X-CSRFToken header)."},
    })
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.register_field(FileUpload, "string", "binary")
    api.register_field(Money, "string", "decimal")  # amounts travel as strings with two decimals
    api.register_blueprint(bp, url_prefix=PREFIX)
    return api
