"""Merge-field templates, rendered in Jinja's sandbox; unknown fields are refused when saved."""
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment

from desk.errors import Invalid
from desk.formatting import day, money

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

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def check(text: str, field: str = "body") -> None:
    """Refuse syntax errors and merge fields the desk does not know."""
    try:
        names = meta.find_undeclared_variables(_env.parse(text or ""))
    except TemplateSyntaxError as exc:
        raise Invalid(f"template error: {exc.message}", {field: [f"Template error: {exc.message}"]}) from exc
    unknown = sorted(names - MERGE_FIELDS.keys())
    if unknown:
        message = f"Unknown merge field(s): {', '.join(unknown)}."
        raise Invalid(message, {field: [message]})


def context_for(account, collector=None, promise=None, promise_amount=None) -> dict:
    """The merge values for an account (and the sender, and a promise when there is one)."""
    return {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "account_number": account.number,
        "amount_due": money(account.amount_due),
        "balance": money(account.balance),
        "due_on": day(account.due_on),
        "vehicle": account.vehicle or "",
        "collector_name": collector.name if collector else "",
        "promise_amount": money(promise.amount if promise_amount is None else promise_amount) if promise else "",
        "promise_due_on": day(promise.due_on) if promise else "",
    }


def render(text: str, context: dict, autoescape: bool = False) -> str:
    """Render a checked template with the account's merge values."""
    env = _env if not autoescape else SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    try:
        return env.from_string(text or "").render(context)
    except (UndefinedError, TemplateSyntaxError) as exc:
        raise Invalid(f"template error: {exc}", {"body": [str(exc)]}) from exc
