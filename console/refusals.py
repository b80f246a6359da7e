"""A refused console form, ready to show again: each field's reasons and a summary."""
from marshmallow import ValidationError

from desk.errors import DeskError


def field_errors(exc: DeskError | ValidationError) -> dict[str, list[str]]:
    """{"amount": ["Must be more than 0."], ...}: nested reasons are named by their path."""
    fields = exc.fields if isinstance(exc, DeskError) else exc.messages
    if not isinstance(fields, dict):
        return {"_schema": [str(reason) for reason in fields]}
    return dict(_flatten(fields))


def _flatten(fields: dict, prefix: str = ""):
    for name, why in fields.items():
        path = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(why, dict):
            yield from _flatten(why, path)
        else:
            yield path, [str(reason) for reason in (why if isinstance(why, list) else [why])]


def refusal(exc: DeskError | ValidationError, typed: dict) -> dict:
    """What a window needs to open again as it was sent: the values, the reasons, a message."""
    message = exc.message if isinstance(exc, DeskError) else "Some fields need another look; nothing was saved."
    return {"typed": typed, "errors": field_errors(exc), "message": message}
