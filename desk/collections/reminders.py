"""Promise reminders: a text or an email some days before a promise is due, sent once.

Settings: `reminder_channel` (sms or email), `reminder_template` (a template's name or id in
that channel; empty for the built-in wording), `reminder_days_before`. A Spanish-speaking
customer gets the template's Spanish version (desk/templates/versions.py) or the built-in
Spanish wording. A reminder goes out only
inside contact hours in the customer's zone and through the compliance gate; until then the
promise is left for the next run. `Promise.reminded_at` is claimed with a conditional UPDATE in
the same transaction as the message, so two runs never remind twice.
"""
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update

from desk import settings
from desk.collections.allocations import applied_amount
from desk.compliance import gate as compliance
from desk.errors import DeskError
from desk.extensions import db
from desk.templates import merge as templating
from desk.templates.versions import pick_version
from models import Account, MessageTemplate, Promise, utcnow

log = logging.getLogger(__name__)

# The built-in wording, by the customer's language (models.LANGUAGES).
DEFAULT_SUBJECT = {
    "en": "Payment reminder for account {{ account_number }}",
    "es": "Recordatorio de pago de la cuenta {{ account_number }}",
}
DEFAULT_BODY = {
    "en": ("Hi {{ first_name }}, this is a reminder that your promised payment of "
           "{{ promise_amount }} is due {{ promise_due_on }}. Thank you!"),
    "es": ("Hola {{ first_name }}, le recordamos que su pago prometido de {{ promise_amount }} "
           "vence el {{ promise_due_on }}. ¡Gracias!"),
}


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind every pending promise whose reminder day has come. Returns how many were sent."""
    now = now or utcnow()
    sent = 0
    for promise_id in _candidate_ids(now):
        try:
            if remind(promise_id, now):
                sent += 1
        except DeskError as refusal:  # opted out, outside hours, no address: try again next run
            db.session.rollback()
            log.info("reminder for promise %s not sent: %s", promise_id, refusal.message)
    return sent


def _candidate_ids(now: datetime) -> list[int]:
    """Pending, unreminded promises due within the window (a day wider, for the zones)."""
    days = settings.get("reminder_days_before")
    today = now.date()
    return db.session.execute(
        select(Promise.id).where(Promise.status == "pending", Promise.reminded_at.is_(None),
                                 Promise.due_on >= today - timedelta(days=1),
                                 Promise.due_on <= today + timedelta(days=days + 1))
        .order_by(Promise.due_on, Promise.id)).scalars().all()


def reminder_day(promise: Promise, account: Account, now: datetime) -> bool:
    """From `reminder_days_before` days before the due date through the due date, locally."""
    local_today = now.astimezone(ZoneInfo(account.timezone)).date()
    first = promise.due_on - timedelta(days=settings.get("reminder_days_before"))
    return first <= local_today <= promise.due_on


def remind(promise_id: int, now: datetime) -> bool:
    """Send one promise's reminder and mark it, in one transaction; False if it is not time yet."""
    promise = db.session.get(Promise, promise_id)
    account = db.session.get(Account, promise.account_id)
    if not reminder_day(promise, account, now):
        return False
    channel = settings.get("reminder_channel")
    if not _claim(promise.id, now):
        return False
    if channel == "email":
        _send_email(account, promise, now)
    else:
        _send_sms(account, promise, now)
    db.session.commit()
    return True


def _claim(promise_id: int, now: datetime) -> bool:
    return bool(db.session.execute(
        update(Promise).where(Promise.id == promise_id, Promise.reminded_at.is_(None))
        .values(reminded_at=now).execution_options(synchronize_session=False)).rowcount)


def _send_email(account: Account, promise: Promise, now: datetime) -> None:
    from desk.email.send import send_email

    compliance.check_contact_hours(account, None, now)
    address = next((a for a in account.emails if not a.opt_out), None)
    if address is None:
        raise compliance.Refused("email_opt_out", f"No email address on {account.number} may be emailed.")
    template = _template("email")  # send_email picks its version in the customer's language
    language = _language(account)
    data = ({"template_id": template.id} if template
            else {"subject": DEFAULT_SUBJECT[language], "body": DEFAULT_BODY[language], "language": language})
    send_email(account, {**data, "to": address.address, "promise": promise,
                         "collector": promise.assigned_to,
                         "promise_amount": _still_due(promise)}, None)


def _send_sms(account: Account, promise: Promise, now: datetime) -> None:
    """SMS reminders go through the SMS verb, so they pass the same gate and are threaded."""
    from desk.sms.send import send_sms

    phone = _textable_phone(account, now)
    template = _template("sms")
    if template:
        version = pick_version(template, account).template
        wording, language = version.body, version.language
    else:
        language = _language(account)
        wording = DEFAULT_BODY[language]
    text = templating.render(wording, _context(account, promise, language))
    send_sms(account, {"to": phone.number, "body": text, "merged": True}, None, now=now)


def _textable_phone(account: Account, now: datetime):
    """The first phone (mobiles first) that may be texted now; else the last refusal."""
    refusal = compliance.Refused("sms_opt_out", f"{account.number} has no phone that may be texted.")
    for phone in sorted(account.phones, key=lambda p: p.label != "mobile"):
        try:
            compliance.check_sms(account, phone, now)
            return phone
        except compliance.Refused as exc:
            refusal = exc
    raise refusal


def _template(channel: str) -> MessageTemplate | None:
    """The template named (or numbered) by `reminder_template`, if any."""
    wanted = str(settings.get("reminder_template") or "").strip()
    if not wanted:
        return None
    match = [func.lower(MessageTemplate.name) == wanted.lower()]
    if wanted.isdigit():
        match.append(MessageTemplate.id == int(wanted))
    template = db.session.execute(
        select(MessageTemplate).where(MessageTemplate.channel == channel, MessageTemplate.active.is_(True),
                                      or_(*match))).scalars().first()
    if template is None:
        log.warning("reminder_template %r is not an active %s template; using the default", wanted, channel)
    return template


def _language(account: Account) -> str:
    return account.language if account.language in DEFAULT_BODY else "en"


def _context(account: Account, promise: Promise, language: str) -> dict:
    """Merge fields for a reminder: the promise's amount is what it still needs; dates in `language`."""
    return templating.context_for(account, promise.assigned_to, promise, _still_due(promise), language)


def _still_due(promise: Promise):
    return promise.amount - applied_amount(promise)
