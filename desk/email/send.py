"""Email to customers: rendered and logged in the request, sent later by jobs.email."""
import html
from email.utils import make_msgid

from sqlalchemy import select

from desk import paging
from desk.accounts.files import attachments_for
from desk.compliance import gate as compliance
from desk.compliance.email_optout import optout_url
from desk.email.mime import sender_domain
from desk.errors import Invalid
from desk.extensions import db
from desk.outbox import SEND_EMAIL, enqueue
from desk.templates import merge as templating
from desk.templates.versions import Choice, pick_version
from desk.timeline import log_system
from models import Account, Email, EmailAddress, MessageTemplate, User

MAX_EMAIL_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The opt-out footer of every email, in the customer's language (models.LANGUAGES).
OPT_OUT_TEXT = {"en": "To stop receiving these emails, open: {url}",
                "es": "Para dejar de recibir estos correos, abra: {url}"}
OPT_OUT_LINK = {"en": "Stop receiving these emails", "es": "Dejar de recibir estos correos"}


def send_email(account: Account, data: dict, author: User | None) -> Email:
    """Check, render and log an email to one of the account's addresses, and queue its sending.

    `data` is what EmailIn loads: `to`, and `template_id` or `subject` + `body`, and
    `attachment_ids`; a reminder may add `promise` and `collector` for those merge fields, and
    `language` for the dates in its built-in wording.
    """
    address = _recipient(account, data.get("to"))
    compliance.check_email(address)
    attachments = attachments_for(account, data.get("attachment_ids") or [])
    _check_total_size(attachments)
    (subject, text, html_body), version = _render(account, data, author)
    unsubscribe = optout_url(address)
    language = account.language if account.language in OPT_OUT_TEXT else "en"
    email = Email(
        account_id=account.id, email_address_id=address.id, to_address=address.address,
        subject=subject, text_body=f"{text}\n\n-- \n{OPT_OUT_TEXT[language].format(url=unsubscribe)}\n",
        html_body=_with_html_footer(html_body, unsubscribe, OPT_OUT_LINK[language]), status="queued", attempts=0,
        message_id=make_msgid(domain=sender_domain()), sent_by_id=author.id if author else None,
        unsubscribe_url=unsubscribe, attachments=attachments,
    )
    db.session.add(email)
    db.session.flush()
    email.template_language = version.language if version else None  # for the answer; not stored
    email.note = version.note if version else None
    activity = log_system(account.id, "email", _timeline_note(email, attachments), email_id=email.id)
    activity.created_by = author
    enqueue(SEND_EMAIL, email.id, queue="email")
    return email


def _recipient(account: Account, to: str | None) -> EmailAddress:
    """The named address if it is the account's, else the first address on the account."""
    if not account.emails:
        raise Invalid("This account has no email address.", {"to": ["The account has no email address."]})
    if not to:
        return account.emails[0]
    for address in account.emails:
        if address.address.lower() == to.strip().lower():
            return address
    raise Invalid("That address is not on this account.", {"to": ["Not an address on this account."]})


def _check_total_size(attachments: list) -> None:
    total = sum(a.size for a in attachments)
    if total > MAX_EMAIL_ATTACHMENT_BYTES:
        raise Invalid("Attachments may add up to at most 10 MB.",
                      {"attachment_ids": [f"Attachments total {total / 1048576:.1f} MB; the limit is 10 MB."]})


def _render(account: Account, data: dict, author: User | None) -> tuple[tuple[str, str, str], Choice | None]:
    """Subject, text and html, from an email template or from the custom subject and body;
    each at most 100 KB; and the template version used."""
    subject, text, html_body, version = _merge(account, data, author)
    if not subject:
        raise Invalid("The subject is empty.", {"subject": ["The subject is empty."]})
    return (subject, text, html_body or _text_to_html(text)), version


def _merge(account: Account, data: dict, author: User | None) -> tuple[str, str, str | None, Choice | None]:
    """The merged subject (one line, at most 200 characters), text and html (None for custom
    text), and the template version used (the customer's language, else English)."""
    version = None
    if data.get("template_id") is not None:
        version = pick_version(_email_template(data["template_id"]), account)
    # dates in the text's language: the version's, or the built-in reminder wording's (`language`)
    language = version.language if version else data.get("language", "en")
    context = templating.context_for(account, data.get("collector") or author, data.get("promise"),
                                    data.get("promise_amount"), language)
    if version is not None:
        template = version.template
        subject = templating.render(template.subject or "", context, "template_id")
        text = templating.render(template.body, context, "template_id")
        html_body = (templating.render(template.html_body, context, "template_id", autoescape=True)
                     if template.html_body else None)
        fields = ("template_id",) * 3
    else:
        subject = templating.merge_plain(data.get("subject") or "", context, "subject")
        text = templating.merge_plain(data.get("body") or "", context, "body")
        html_body, fields = None, ("subject", "body", "body")
    for part, field in zip((subject, text, html_body or ""), fields, strict=True):
        templating.cap_email(part, field)
    subject = " ".join(subject.split())  # no header injection through line breaks
    return subject[:200], text, html_body, version


def preview_email(account: Account, data: dict, author: User | None) -> dict:
    """What a send would email this account (merged subject and text), sending and recording nothing."""
    subject, text, _html, version = _merge(account, data, author)
    return {"subject": subject, "body": text, "template_language": version.language if version else None,
            "note": version.note if version else None}


def _email_template(template_id: int) -> MessageTemplate:
    template = db.session.get(MessageTemplate, template_id)
    if template is None or template.channel != "email" or not template.active:
        raise Invalid("No such email template.", {"template_id": ["Not an active email template."]})
    return template


def _text_to_html(text: str) -> str:
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return f"<!doctype html><html><body>{body}</body></html>"


def _with_html_footer(html_body: str, url: str, words: str) -> str:
    footer = (f'<p style="font-size:12px;color:#666">'
              f'<a href="{html.escape(url)}">{words}</a></p>')
    if "</body>" in html_body:
        return html_body.replace("</body>", footer + "</body>", 1)
    return html_body + footer





def _timeline_note(email: Email, attachments: list) -> str:
    names = f" (attached: {', '.join(a.filename for a in attachments)})" if attachments else ""
    return f"Email to {email.to_address}: {email.subject}{names}"


def list_emails(account: Account, limit: int = 50, cursor: str | None = None):
    """The account's emails, newest first."""
    query = select(Email).where(Email.account_id == account.id)
    return paging.page(
        db.session, query, [Email.created_at, Email.id], limit, cursor,
        key=lambda e: [e.created_at, e.id], kinds=[paging.instant, paging.whole], descending=True,
    )
