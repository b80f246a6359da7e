"""The account's emails: emails.json with their states, and each as an RFC 5322 .eml file built
the way it was sent (desk.email.mime)."""
import re
from email import policy
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desk.email.mime import build_message
from desk.extensions import db
from desk.records.rows import People, iso
from models import Email


def account_emails(account_id: int) -> list[Email]:
    return db.session.execute(
        select(Email).where(Email.account_id == account_id)
        .options(selectinload(Email.attachments)).order_by(Email.created_at, Email.id)).scalars().all()


def eml_path(email: Email) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", email.subject.lower()).strip("-")[:40] or "email"
    return f"emails/{email.id:06d}-{slug}.eml"


def eml_bytes(email: Email) -> bytes:
    """The message as built for SMTP (CRLF line ends, as RFC 5322 has them), with the desk's state
    of it in X-Desk-* headers."""
    message: EmailMessage = build_message(email)
    message["X-Desk-Status"] = email.status
    if email.sent_at:
        message["X-Desk-Sent-At"] = email.sent_at.isoformat()
    if email.error:
        message["X-Desk-Error"] = email.error
    return message.as_bytes(policy=policy.SMTP)


def email_rows(emails: list[Email], people: People) -> list[dict]:
    """emails.json: one dict per email, oldest first, naming its .eml file."""
    return [{
        "id": e.id, "at": iso(e.created_at), "to": e.to_address, "subject": e.subject, "status": e.status,
        "error": e.error, "attempts": e.attempts, "message_id": e.message_id, "sent_at": iso(e.sent_at),
        "sent_by": people.name(e.sent_by_id), "attachments": [a.filename for a in e.attachments],
        "file": eml_path(e),
    } for e in emails]
