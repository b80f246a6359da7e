"""The OpenAPI document, generated from the marshmallow schemas the views use."""
import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from api import bp
from desk.schemas import records as schemas

ERROR = {"type": "object", "properties": {"error": {"type": "object", "properties": {
    "code": {"type": "string"}, "message": {"type": "string"}, "fields": {"type": "object"}}}}}

# (path, method, summary, request schema, response schema, response status, is a list)
OPERATIONS = [
    ("/accounts", "get", "Search accounts", None, "AccountOut", 200, True),
    ("/accounts", "post", "Create an account", "AccountIn", "AccountOut", 201, False),
    ("/accounts/{account_id}", "get", "Read an account", None, "AccountOut", 200, False),
    ("/accounts/{account_id}", "patch", "Change an account", "AccountIn", "AccountOut", 200, False),
    ("/accounts/{account_id}/activities", "get", "An account's timeline", None, "ActivityOut", 200, True),
    ("/accounts/{account_id}/activities", "post", "Record an activity", "ActivityIn", "ActivityOut", 201, False),
    ("/accounts/{account_id}/promises", "get", "An account's promises", None, "PromiseOut", 200, True),
    ("/accounts/{account_id}/promises", "post", "Add a promise to pay", "PromiseIn", "PromiseOut", 201, False),
    ("/promises/{promise_id}", "patch", "Change or cancel a promise", "PromisePatch", "PromiseOut", 200, False),
    ("/accounts/{account_id}/payments", "get", "An account's payments", None, "PaymentOut", 200, True),
    ("/accounts/{account_id}/payments", "post", "Record a payment", "PaymentIn", "PaymentOut", 201, False),
    ("/payments/{payment_id}/reversal", "post", "Reverse a payment (admin)", "ReversalIn", "PaymentOut", 201, False),
    ("/dispositions", "get", "Dispositions", None, "DispositionOut", 200, True),
    ("/templates", "get", "Templates", None, "TemplateOut", 200, True),
    ("/templates", "post", "Add a template (admin)", "TemplateIn", "TemplateOut", 201, False),
]
QUERY = {
    ("/accounts", "get"): [("q", "string"), ("assigned_to", "integer"), ("limit", "integer"), ("cursor", "string")],
    ("/accounts/{account_id}/activities", "get"): [("type", "string"), ("limit", "integer"), ("cursor", "string")],
}
EXTRA_OPERATIONS: list = []  # other modules append (path, method, summary, in, out, status, list)


def build_spec() -> dict:
    spec = APISpec(title="Collections Desk API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()], servers=[{"url": "/api/v1"}])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", ERROR)
    paths: dict = {}
    for path, method, summary, request, response, status, many in OPERATIONS + EXTRA_OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(path, method, summary, request, response, status, many)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _operation(path, method, summary, request, response, status, many) -> dict:
    out = getattr(schemas, response) if isinstance(response, str) else response
    body = ({"type": "object", "properties": {"items": {"type": "array", "items": out},
                                               "next": {"type": "string", "nullable": True}}}
            if many else out)
    op = {"summary": summary, "security": [{"bearer": []}],
          "responses": {str(status): {"description": "OK", "content": {"application/json": {"schema": body}}},
                        **{str(c): {"description": "Error", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}}}}
                           for c in (401, 403, 404, 409, 422)}}}
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
              for name in re.findall(r"\{(\w+)\}", path)]
    params += [{"name": n, "in": "query", "required": False, "schema": {"type": t}}
               for n, t in QUERY.get((path, method), [])]
    if params:
        op["parameters"] = params
    if request:
        schema = getattr(schemas, request) if isinstance(request, str) else request
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    return op


@bp.get("/openapi.json")
def openapi():
    return build_spec()
