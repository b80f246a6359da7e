"""Errors the verbs raise, and the handlers that turn them into JSON or pages."""
import logging

from flask import Flask, flash, g, jsonify, redirect, render_template, request
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from desk.extensions import db
from telephony.errors import TelephonyError

log = logging.getLogger(__name__)


class DeskError(Exception):
    """A refusal the user should read: a code, a message, and optional field errors."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class NotFound(DeskError):
    status, code = 404, "not_found"


class Invalid(DeskError):
    status, code = 422, "invalid"


class Conflict(DeskError):
    status, code = 409, "conflict"


class Forbidden(DeskError):
    status, code = 403, "forbidden"


def get_or_404(model, row_id: int, what: str | None = None):
    """The row with this id, or NotFound naming what was looked for."""
    from desk.extensions import db

    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(f"No {what or model.__name__.lower()} {row_id}.")
    return row


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _desk_error(err: DeskError | TelephonyError):
    db.session.rollback()
    g.refused = True  # nothing was done: a console form's one-time key is given back (console/once.py)
    if wants_json():
        return jsonify(error_body(err.code, err.message, err.fields)), err.status
    flash(err.message, "error")
    return redirect(request.referrer or "/")


def _validation_error(err: ValidationError):
    db.session.rollback()
    g.refused = True
    fields = err.messages if isinstance(err.messages, dict) else {"_schema": err.messages}
    if wants_json():
        return jsonify(error_body("invalid", "The request has invalid fields.", fields)), 422
    flash("; ".join(f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}"
                    for k, v in fields.items()), "error")
    return redirect(request.referrer or "/")


# Unique rows a race can collide on: two requests both pass the verb's check, and the database
# refuses the second insert. Each is known by its PostgreSQL constraint name or SQLite's column
# list, and answered as the check would have: 409 naming the field.
UNIQUE_FIELDS = (
    (("uq_accounts_number", "accounts.number"), "number", "Already in use."),
    (("uq_payments_account_reference", "payments.account_id, payments.reference"), "reference", "Already posted."),
    (("uq_phones_account_id", "phones.account_id, phones.number"), "phones", "Already on the account."),
    (("uq_email_addresses_account_id", "email_addresses.account_id, email_addresses.address"), "emails",
     "Already on the account."),
    (("uq_users_email", "users.email"), "email", "Already in use."),
    (("uq_templates_channel", "templates.channel, templates.name, templates.language"), "name",
     "Already in use in this language."),
    (("uq_dispositions_name", "dispositions.name"), "name", "Already in use."),
)


def unique_conflict(err: IntegrityError) -> Conflict | None:
    """The 409 for a unique row another request inserted first; None for any other refusal."""
    said = str(err.orig)
    for names, field, reason in UNIQUE_FIELDS:
        if any(name in said for name in names):
            return Conflict(f"Someone saved the same {field} a moment ago.", {field: [reason]})
    return None


def _integrity_error(err: IntegrityError):
    conflict = unique_conflict(err)
    return _desk_error(conflict) if conflict else _server_error(err)


def _http_error(err: HTTPException):
    if wants_json():
        code = (err.name or "error").lower().replace(" ", "_")
        return jsonify(error_body(code, err.description or err.name)), err.code
    return render_template("error.html", error=err), err.code


def _server_error(err: Exception):
    db.session.rollback()
    log.exception("unhandled error on %s", request.path)
    if wants_json():
        return jsonify(error_body("server_error", "Something went wrong; nothing was saved.")), 500
    return render_template("error.html", error=None), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(DeskError, _desk_error)
    app.register_error_handler(TelephonyError, _desk_error)
    app.register_error_handler(ValidationError, _validation_error)
    app.register_error_handler(IntegrityError, _integrity_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
