"""Building the MIME message for an Email row, and handing it to SMTP (or the outbox folder).

`deliver` sorts SMTP failures: TemporaryFailure (4xx, refused or dropped connection: try again
later) and PermanentFailure (5xx: the server will not take it).
"""
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app

from desk.accounts.files import read_bytes
from desk.private_files import private_folder, write_private
from models import Email

SMTP_TIMEOUT = 30


class TemporaryFailure(Exception):
    """The server may take it later: retry."""


class PermanentFailure(Exception):
    """The server refused for good (a 5xx answer)."""


@dataclass
class SmtpSettings:
    host: str
    port: int
    tls: bool = False  # smtps:// (TLS from the first byte)
    starttls: bool = False
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpSettings:
    """smtp://user:pass@host:port, smtps://... for TLS, ?starttls=1 to upgrade a plain connection."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://user:pass@host:port or smtps://...")
    query = parse_qs(parts.query)
    tls = parts.scheme == "smtps"
    starttls = query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
    return SmtpSettings(
        host=parts.hostname, port=parts.port or (465 if tls else 587 if starttls else 25),
        tls=tls, starttls=starttls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def build_message(email: Email) -> EmailMessage:
    """The MIME message: text and html alternatives, attachments, and RFC 8058 opt-out headers."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Date"] = formatdate(email.created_at.timestamp(), localtime=False, usegmt=True)
    message["Message-ID"] = email.message_id
    if email.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.text_body)
    if email.html_body:
        message.add_alternative(email.html_body, subtype="html")
    for attachment in email.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(read_bytes(attachment), maintype=maintype, subtype=subtype,
                               filename=attachment.filename)
    return message


def deliver(message: EmailMessage) -> str:
    """Send through SMTP_URL, or write a .eml under OUTBOX_DIR when it is unset. Returns a receipt."""
    url = current_app.config["SMTP_URL"]
    if not url:
        return _write_eml(message)
    settings = parse_smtp_url(url)
    try:
        with _connect(settings) as smtp:
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            refused = smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        _raise_for_codes([(code, text) for code, text in exc.recipients.values()])
    except smtplib.SMTPResponseException as exc:
        _raise_for_codes([(exc.smtp_code, exc.smtp_error)])
    except (smtplib.SMTPException, OSError) as exc:  # refused, reset, timed out, TLS trouble
        raise TemporaryFailure(f"{type(exc).__name__}: {exc}") from exc
    if refused:
        _raise_for_codes(list(refused.values()))
    return f"smtp:{settings.host}:{settings.port}"


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.tls:
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=SMTP_TIMEOUT,
                                local_hostname=sender_domain(), context=ssl.create_default_context())
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT,
                        local_hostname=sender_domain())
    if settings.starttls:
        smtp.starttls(context=ssl.create_default_context())
    return smtp


def sender_domain() -> str:
    """MAIL_FROM's domain: the SMTP HELO name (rather than a reverse-DNS lookup of this host)
    and the right-hand side of our Message-IDs."""
    return current_app.config["MAIL_FROM"].rpartition("@")[2].strip("> ") or "desk.local"


def _raise_for_codes(answers: list) -> None:
    """A 5xx from the server is permanent; anything else (4xx) is worth another try."""
    text = "; ".join(f"{code} {_text(reply)}" for code, reply in answers)
    if answers and all(500 <= int(code) < 600 for code, _ in answers):
        raise PermanentFailure(text)
    raise TemporaryFailure(text)


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _write_eml(message: EmailMessage) -> str:
    folder = Path(current_app.config["OUTBOX_DIR"])
    private_folder(folder)
    name = message["Message-ID"].strip("<>").replace("/", "_").replace("@", "_at_") + ".eml"
    write_private(folder / name, bytes(message))
    return f"file:{folder / name}"
