"""Merge fields: the values a text or email may carry, and the two ways they are filled in.

Text a collector types (a custom SMS, a custom email's subject and body) is plain text: only
`{{ first_name }}`-style merge fields are replaced, by `merge_plain`, and nothing is evaluated.
Admin templates (the library) are Jinja limited by `desk.templates.safe_jinja` to merge fields and
a few formatting filters; they are checked when saved and again every time they are rendered.
A merge field with no value on the account (no vehicle, no pending promise) is refused, naming
the field, rather than sent blank; an admin template may give it a `default`.
"""
import re

from sqlalchemy import select

from desk.errors import Invalid
from desk.extensions import db
from desk.formatting import day_in, money
from desk.templates import safe_jinja
from models import Promise

MERGE_FIELDS = {
    "first_name": "Customer's first name",
    "last_name": "Customer's last name",
    "account_number": "Account number",
    "amount_due": "Amount due, e.g. $250.00",
    "balance": "Balance, e.g. $4,100.00",
    "due_on": "Due date, e.g. Dec 01, 2026",
    "vehicle": "Vehicle",
    "collector_name": "The sending collector's name",
    "promise_amount": "Amount of the pending promise",
    "promise_due_on": "Due date of the pending promise",
}

SMS_MAX_CHARACTERS = 1600
EMAIL_MAX_BYTES = 100 * 1024

_MERGE_FIELD = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_TEMPLATE_MARK = re.compile(r"\{\{|\{%|\{#")


def refuse(field: str, reason: str) -> Invalid:
    return Invalid(f"{field}: {reason}", {field: [reason]})


def check_plain(text: str, field: str = "body") -> None:
    """Refuse typed text with unknown merge fields or anything else inside {{ }}, {% %}, {# #}."""
    text = text or ""
    unknown = sorted({name for name in _MERGE_FIELD.findall(text)} - MERGE_FIELDS.keys())
    if unknown:
        raise refuse(field, " ".join(safe_jinja.unknown_field(name) for name in unknown))
    rest = _MERGE_FIELD.sub("", text)
    if "{{" in rest and "}}" not in rest[rest.index("{{"):]:
        raise refuse(field, safe_jinja.unreadable(rest))
    if _TEMPLATE_MARK.search(rest):
        raise refuse(field, "Only merge fields such as {{ first_name }} may be written inside braces.")


def merge_plain(text: str, context: dict, field: str = "body") -> str:
    """Typed text with its merge fields replaced (in one pass: a value is never read again)."""
    check_plain(text, field)
    require_values(set(_MERGE_FIELD.findall(text or "")), context, field)
    return _MERGE_FIELD.sub(lambda match: str(context[match.group(1)]), text or "")


def require_values(names: set[str], context: dict, field: str) -> None:
    """Refuse text naming a merge field this account has no value for (nothing is sent blank)."""
    for name in sorted(names):
        if context.get(name) in (None, ""):
            raise refuse(field, f"No value for {name} on this account.")


def check(text: str, field: str = "body") -> None:
    """Refuse an admin template that is not merge fields and allowed filters (see safe_jinja)."""
    safe_jinja.check(text or "", field, MERGE_FIELDS.keys())


def render(text: str, context: dict, field: str = "body", autoescape: bool = False) -> str:
    """Render an admin template: checked again first, so a template stored before the rules were
    this strict cannot loop, multiply strings or reach attributes."""
    check(text, field)
    require_values(safe_jinja.needed_fields(text or ""), context, field)
    known = {name: value for name, value in context.items() if value not in (None, "")}
    return safe_jinja.render(text or "", known, field, MERGE_FIELDS.keys(), autoescape)


def cap_sms(text: str, field: str = "body") -> str:
    if len(text) > SMS_MAX_CHARACTERS:
        raise refuse(field, f"Longer than {SMS_MAX_CHARACTERS} characters.")
    return text


def cap_email(text: str, field: str) -> str:
    if len(text.encode("utf-8")) > EMAIL_MAX_BYTES:
        raise refuse(field, f"Larger than {EMAIL_MAX_BYTES // 1024} KB.")
    return text


def context_for(account, collector=None, promise=None, promise_amount=None, language: str = "en") -> dict:
    """The merge values for an account (and the sender, and a promise: the one given, else the
    account's next pending one); None where the account has no value. Dates are written in
    `language`, the language of the text they go into ("15 de diciembre de 2026" in Spanish)."""
    promise = promise or _next_pending(account.id)
    return {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "account_number": account.number,
        "amount_due": money(account.amount_due),
        "balance": money(account.balance),
        "due_on": day_in(account.due_on, language),
        "vehicle": account.vehicle or None,
        "collector_name": collector.name if collector else None,
        "promise_amount": money(promise.amount if promise_amount is None else promise_amount) if promise else None,
        "promise_due_on": day_in(promise.due_on, language) if promise else None,
    }


def _next_pending(account_id: int):
    return db.session.execute(
        select(Promise).where(Promise.account_id == account_id, Promise.status == "pending")
        .order_by(Promise.due_on, Promise.id).limit(1)).scalars().first()
