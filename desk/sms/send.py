"""Texting customers: the send_sms verb.

A send is two steps. send_sms checks everything (input, the compliance gate), writes the queued
Message with its sms Activity, and enqueues jobs.messages.send_message_job, which runs after the
commit and is the only place that asks Twilio to send (desk/sms/delivery.py records the answers).
"""
from datetime import datetime

from flask import current_app

from desk import live_updates as live
from desk.accounts.files import CONTENT_TYPES, attachments_for
from desk.compliance import gate as compliance
from desk.errors import Invalid, NotFound
from desk.extensions import db
from desk.outbox import SEND_MESSAGE, enqueue
from desk.sms import auto_texts
from desk.sms.conversations import conversation_for, describe
from desk.sms.segments import segments
from desk.templates import merge as templating
from desk.templates.library import get_template
from desk.templates.versions import Choice, pick_version
from desk.timeline import log_system
from models import Account, Conversation, Message, MessageMedia, Phone, User, utcnow

MAX_BODY = templating.SMS_MAX_CHARACTERS
MAX_MEDIA = 10
MAX_MEDIA_BYTES = 5 * 1024 * 1024


def send_sms(account: Account, data: dict, author: User | None, now: datetime | None = None) -> Message:
    """Queue a text (or MMS) to one of the account's phones; the send job runs after commit.
    data: body | template_id, to (E.164, default the primary mobile), attachment_ids."""
    phone = choose_phone(account, data.get("to"))
    body, version = compose(account, data, author)
    attachments = _media(account, data.get("attachment_ids") or [])
    if not body and not attachments:
        raise Invalid("Write a message or attach a file.", {"body": ["The message is empty."]})
    compliance.check_sms(account, phone, now)
    count, encoding = segments(body)
    message = Message(
        conversation_id=conversation_for(account.id, phone.number).id, account_id=account.id,
        direction="outbound", from_number=current_app.config["TWILIO_FROM_NUMBER"] or "",
        to_number=phone.number, body=body, status="queued", segments=count, encoding=encoding,
        sent_by_id=author.id if author else None, created_at=utcnow(),
        media=[MessageMedia(attachment_id=a.id, content_type=a.content_type, fetch_status="stored")
               for a in attachments],
    )
    db.session.add(message)
    db.session.flush()
    _say_version(message, version)
    _touch(message)
    live.account_changed(account.id)
    log_system(account.id, "sms", describe(message), message_id=message.id,
               created_by_id=author.id if author else None)
    enqueue(SEND_MESSAGE, message.id, queue="messages")
    return message


def send_auto_text(conversation_id: int, account_id: int | None, number: str, key: str,
                   language: str) -> Message | None:
    """Queue a text the desk writes by itself (an opt-out confirmation, a HELP answer) in the
    customer's conversation, through the same send job and delivery status as any text; None
    when the gate refuses it (check_auto_text: one confirmation in five minutes, ...)."""
    try:
        compliance.check_auto_text(number, key)
    except compliance.Refused:
        return None
    body = auto_texts.text(key, language)
    count, encoding = segments(body)
    message = Message(conversation_id=conversation_id, account_id=account_id, direction="outbound",
                      from_number=current_app.config["TWILIO_FROM_NUMBER"] or "", to_number=number, body=body,
                      status="queued", segments=count, encoding=encoding, auto_text=key, created_at=utcnow())
    db.session.add(message)
    db.session.flush()
    _touch(message)
    if account_id:
        live.account_changed(account_id)
        log_system(account_id, "sms", describe(message), message_id=message.id)
    enqueue(SEND_MESSAGE, message.id, queue="messages")
    return message


def choose_phone(account: Account, number: str | None) -> Phone:
    """The account's phone with this number, or its primary mobile when none is given."""
    if number:
        for phone in account.phones:
            if phone.number == number:
                return phone
        raise Invalid(f"{number} is not a phone of this account.", {"to": ["Not a phone of this account."]})
    phone = account.primary_mobile
    if phone is None:
        raise Invalid("The account has no phone to text.", {"to": ["The account has no phone."]})
    return phone


def compose(account: Account, data: dict, author: User | None) -> tuple[str, Choice | None]:
    """The text and, for a template, the version used: the sms template (any version's id) in
    the customer's language, rendered with the account's merge fields; or the custom text with its
    merge fields replaced (nothing else in typed text is evaluated); at most MAX_BODY characters.
    `merged` (set by the reminder verb, never by a request) means the body is already final."""
    version = None
    if data.get("template_id") is not None:
        try:
            version = pick_version(get_template(data["template_id"], "sms"), account)
        except NotFound as exc:
            raise Invalid(exc.message, {"template_id": ["No such SMS template."]}) from exc
        context = templating.context_for(account, author, language=version.language)
        body = templating.render(version.template.body, context, "template_id")
    elif data.get("merged"):
        body = data.get("body") or ""
    else:
        body = templating.merge_plain(data.get("body") or "", templating.context_for(account, author), "body")
    field = "template_id" if data.get("template_id") is not None else "body"
    return templating.cap_sms(body.strip(), field), version


def _say_version(message: Message, version: Choice | None) -> None:
    """The send's answer names the template version used (not stored: the text is what was sent)."""
    message.template_language = version.language if version else None
    message.note = version.note if version else None


def _media(account: Account, ids: list[int]) -> list:
    if len(ids) > MAX_MEDIA:
        raise Invalid(f"At most {MAX_MEDIA} attachments.", {"attachment_ids": [f"At most {MAX_MEDIA} files."]})
    attachments = attachments_for(account, list(dict.fromkeys(ids)))
    wrong = [a.filename for a in attachments if a.content_type not in CONTENT_TYPES]
    if wrong:
        raise Invalid("Only PDF, JPEG, PNG and GIF files can be texted.",
                      {"attachment_ids": [f"Not a PDF, JPEG, PNG or GIF: {', '.join(wrong)}."]})
    if sum(a.size for a in attachments) > MAX_MEDIA_BYTES:
        raise Invalid("Attachments may total at most 5 MB.", {"attachment_ids": ["More than 5 MB in total."]})
    return attachments


def _touch(message: Message) -> None:
    conversation = db.session.get(Conversation, message.conversation_id)
    conversation.last_message_at = message.created_at


def preview(account: Account, data: dict, author: User | None) -> dict:
    """What a send would text (rendered template or the text as typed) and what it costs."""
    body, version = compose(account, data, author)
    count, encoding = segments(body)
    return {"body": body, "segments": count, "encoding": encoding, "characters": len(body),
            "template_language": version.language if version else None,
            "note": version.note if version else None}
