"""Checks on every request before a view reads it: JSON nested too deeply is no JSON, and a query
or form value holding a character no database here stores (NUL, a lone surrogate) is a 422
naming the field. Twilio's webhook forms are left to webhooks.store, which drops NUL once the
signature (computed over the form as sent) is checked."""
import json

from flask import Flask, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import UnprocessableEntity

from desk.errors import error_body, wants_json
from desk.schemas.fields import UNSTORABLE, UNSTORABLE_MESSAGE

MAX_JSON_DEPTH = 32  # the deepest body the API takes is an account with its phones: depth 3


class TooDeep(ValueError):
    """A JSON document nested beyond MAX_JSON_DEPTH."""


def depth(value) -> int:
    """How deeply arrays and objects nest in a parsed JSON value (0 for a scalar)."""
    deepest, level = 0, [(value, 0)]
    while level:
        item, at = level.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, at + 1)
            level.extend((child, at + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


class CheckedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing (as unreadable JSON, so a 422 on `_body`) a document nested too
    deeply: json.loads recurses once per level and would fail with RecursionError, a 500."""

    def loads(self, s, **kwargs):
        try:
            value = json.loads(s, **kwargs)
        except RecursionError:
            raise TooDeep("JSON nested too deeply") from None
        if depth(value) > MAX_JSON_DEPTH:
            raise TooDeep("JSON nested too deeply")
        return value


def unstorable_fields(values) -> dict:
    """{field: [message]} for each key or value of a MultiDict holding an unstorable character."""
    found = {}
    for key, value in values.items(multi=True):
        bad_key = UNSTORABLE.search(str(key))
        if bad_key or UNSTORABLE.search(str(value)):
            found[ascii(key)[1:-1] if bad_key else key] = [UNSTORABLE_MESSAGE]
    return found


def refuse_unstorable():
    """before_request: a 422 naming the query or form fields that hold NUL or a lone surrogate."""
    found = unstorable_fields(request.args)
    if request.blueprint != "webhooks" and request.mimetype in ("application/x-www-form-urlencoded",
                                                                 "multipart/form-data"):
        found.update(unstorable_fields(request.form))
    if not found:
        return None
    message = f"{', '.join(found)}: {UNSTORABLE_MESSAGE}"
    if wants_json():
        return jsonify(error_body("invalid", "The request has invalid fields.", found)), 422
    return render_template("error.html", error=UnprocessableEntity(message)), 422


def init_app(app: Flask) -> None:
    app.json = CheckedJSONProvider(app)
    app.before_request(refuse_unstorable)
