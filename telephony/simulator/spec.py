"""Validates REST requests against the extract of Twilio's OpenAPI description.

Repeated form keys are one array field; booleans travel as "true"/"false"; integers as digits.
Errors come back as Twilio shapes them: {"code", "message", "more_info", "status"}.
"""
import json
import re
from pathlib import Path

EXTRACT = json.loads(Path(__file__).with_name("twilio_spec_extract.json").read_text())
OPERATIONS = EXTRACT["operations"]
E164 = re.compile(r"^\+[1-9]\d{6,14}$")


class ApiError(Exception):
    """A Twilio REST error answer."""

    def __init__(self, code: int, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, "status": self.status,
                "more_info": f"https://www.twilio.com/docs/errors/{self.code}"}


# Twilio's codes for a missing required parameter, per operation and field.
MISSING = {("CreateMessage", "To"): 21604, ("CreateCall", "To"): 21201, ("CreateCall", "From"): 21213}


def _check_value(name: str, value: str, schema: dict) -> None:
    kind = schema.get("type", "string")
    if kind == "boolean" and value not in ("true", "false", "True", "False"):
        raise ApiError(20001, f"Invalid value '{value}' for {name}: expected true or false")
    if kind == "integer" and not re.fullmatch(r"-?\d+", value):
        raise ApiError(20001, f"Invalid value '{value}' for {name}: expected an integer")
    if kind == "number" and not re.fullmatch(r"-?\d+(\.\d+)?", value):
        raise ApiError(20001, f"Invalid value '{value}' for {name}: expected a number")
    if "enum" in schema and value not in schema["enum"]:
        raise ApiError(20001, f"Invalid value '{value}' for {name}; one of {', '.join(schema['enum'])}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        raise ApiError(20001, f"Invalid {name} '{value}'")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        raise ApiError(20001, f"{name} is too long")


def check_path(operation: str, params: dict) -> None:
    """Path parameters (AccountSid, Sid) against their patterns; a bad one is a 404."""
    for name, schema in OPERATIONS[operation]["path_params"].items():
        if name in params and not re.search(schema.get("pattern", ""), params[name]):
            raise ApiError(20404, "The requested resource was not found", 404)


def check_form(operation: str, form) -> dict:
    """Validate a MultiDict form; return {field: str or list[str]}. Raises ApiError."""
    op = OPERATIONS[operation]
    fields = op["fields"]
    out = {}
    for name, values in form.lists():
        schema = fields.get(name)
        if schema is None:
            raise ApiError(20001, f"Unknown parameter '{name}'")
        if schema.get("type") == "array":
            for value in values:
                _check_value(name, value, schema.get("items", {}))
            out[name] = values
        elif len(values) > 1:
            raise ApiError(20001, f"Parameter '{name}' given more than once")
        else:
            _check_value(name, values[0], schema)
            out[name] = values[0]
    for name in op["required"]:
        if not out.get(name):
            raise ApiError(MISSING.get((operation, name), 21604 if name == "To" else 20001),
                           f"A '{name}' parameter is required.")
    return out


def example(operation: str) -> dict:
    """A deep copy of the spec's example answer for this operation."""
    return json.loads(json.dumps(OPERATIONS[operation]["example"]))
