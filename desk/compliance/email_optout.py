"""Email opt-out: signed one-click links, and recording an opt-out in the consent ledger."""
from flask import current_app, has_request_context, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from desk.errors import NotFound
from desk.extensions import db
from models import ConsentEvent, EmailAddress, utcnow

SALT = "email-opt-out"

# What the opt-out page says, in each customer language (models.LANGUAGES).
PAGE_WORDS = {
    "en": {
        "title": "Email preferences",
        "invalid_heading": "This link does not work",
        "invalid_text": "It may have been copied incompletely. Reply to the email you received and we will help.",
        "done_heading": "You are unsubscribed",
        "done_text": "We will not send more emails to",
        "ask_heading": "Stop these emails?",
        "ask_text": "We will stop sending emails to",
        "button": "Unsubscribe",
    },
    "es": {
        "title": "Preferencias de correo",
        "invalid_heading": "Este enlace no funciona",
        "invalid_text": "Puede que no se haya copiado completo. Responda al correo que recibió y le ayudaremos.",
        "done_heading": "Ya no recibirá estos correos",
        "done_text": "No enviaremos más correos a",
        "ask_heading": "¿Dejar de recibir estos correos?",
        "ask_text": "Dejaremos de enviar correos a",
        "button": "Darme de baja",
    },
}


def page_language(address: EmailAddress | None) -> str:
    """The opt-out page speaks the language of the account the address belongs to."""
    language = address.account.language if address is not None else "en"
    return language if language in PAGE_WORDS else "en"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(address: EmailAddress) -> str:
    return _serializer().dumps({"a": address.id, "e": address.address.lower()})


def address_for(token: str) -> EmailAddress:
    """The address a link was made for; a forged or stale link is NotFound."""
    try:
        data = _serializer().loads(token)
        address = db.session.get(EmailAddress, int(data["a"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise NotFound("This opt-out link is not valid.") from None
    if address is None or address.address.lower() != data.get("e"):
        raise NotFound("This opt-out link is not valid.")
    return address


def public_url(path: str) -> str:
    """An absolute URL customers can open: PUBLIC_BASE_URL, else this request's host."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base and has_request_context():
        base = request.host_url
    return (base or "http://localhost:5000").rstrip("/") + path


def optout_url(address: EmailAddress) -> str:
    """The link for emails; built by hand so jobs without a request can make it too."""
    return public_url(f"/optout/email/{token_for(address)}")


def opt_out_email(address: EmailAddress, how: str, by_user_id: int | None = None) -> int:
    """Opt this address out on every account that has it; each change goes in the ledger.

    Returns how many addresses changed (0 when already opted out: nothing is recorded twice).
    """
    rows = db.session.execute(
        select(EmailAddress).where(func.lower(EmailAddress.address) == address.address.lower())
    ).scalars().all()
    changed = 0
    for row in rows:
        if row.opted_out_at is not None:
            continue
        row.opted_out_at, row.opt_out_how = utcnow(), how
        db.session.add(ConsentEvent(channel="email", action="opt_out", email_address=row.address,
                                    account_id=row.account_id, how=how, by_user_id=by_user_id))
        changed += 1
    db.session.flush()
    return changed
