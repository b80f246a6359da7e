"""The one gate every outbound call, text and email passes before anything is sent.

A refusal raises Conflict whose code names the rule; nothing is sent.
"""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from desk import settings
from desk.accounts.phones import zones_for_number
from desk.compliance.call_consent import how_label
from desk.compliance.counted import call_attempts, telephone_contacts
from desk.compliance.state_rules import StateRule, rule_for
from desk.errors import Conflict
from desk.extensions import db
from models import Account, Activity, Disposition, EmailAddress, Message, Phone, utcnow

KIND_WORDS = {"personal": "personal numbers", "work": "work and other numbers"}


class Refused(Conflict):
    """A compliance refusal; `rule` names it and `next_allowed` says when it lifts, if known."""

    def __init__(self, rule: str, message: str, next_allowed: datetime | None = None):
        super().__init__(message, {"rule": [rule]}, code=rule)
        self.rule = rule
        self.next_allowed = next_allowed
        if next_allowed:
            self.fields["next_allowed_at"] = [next_allowed.isoformat()]


def customer_zones(account: Account, phone_number: str | None = None) -> list[str]:
    """The zones to respect: the address's, plus the phone's area code's when they differ."""
    zones = [account.timezone]
    for zone in zones_for_number(phone_number) if phone_number else []:
        if zone not in zones:
            zones.append(zone)
    return zones


def contact_hours_rule() -> str:
    """The rule in words, e.g. "Contact hours: 8am-9pm in each customer's time zone"."""
    start, end = settings.get("contact_hours_start"), settings.get("contact_hours_end")
    return f"Contact hours: {_clock(start)}-{_clock(end)} in each customer's time zone"


def _clock(hour: int) -> str:
    if hour in (0, 24):
        return "midnight"
    if hour == 12:
        return "noon"
    return f"{hour}am" if hour < 12 else f"{hour - 12}pm"


def inside_contact_hours(zones: list[str], now: datetime | None = None) -> bool:
    """Whether `now` is inside contact hours in every one of `zones`."""
    return _inside_hours(now or utcnow(), zones)


def _inside_hours(moment: datetime, zones: list[str]) -> bool:
    start, end = settings.get("contact_hours_start"), settings.get("contact_hours_end")
    return all(start <= moment.astimezone(ZoneInfo(z)).hour < end for z in zones)


def next_contact_time(zones: list[str], now: datetime | None = None) -> datetime | None:
    """The first quarter-hour from now at which every zone is inside contact hours."""
    now = now or utcnow()
    moment = now.replace(second=0, microsecond=0)
    moment += timedelta(minutes=(15 - moment.minute % 15) % 15)
    for _ in range(4 * 48):
        if _inside_hours(moment, zones):
            return moment
        moment += timedelta(minutes=15)
    return None


def check_contact_hours(account: Account, phone_number: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    zones = customer_zones(account, phone_number)
    if not _inside_hours(now, zones):
        start, end = settings.get("contact_hours_start"), settings.get("contact_hours_end")
        raise Refused(
            "contact_hours",
            f"Outside contact hours ({start}:00-{end}:00 in {', '.join(zones)}).",
            next_contact_time(zones, now),
        )


def check_sms(account: Account, phone: Phone, now: datetime | None = None) -> None:
    """A text may go to this phone now, or Refused."""
    if phone.sms_opt_out:
        raise Refused("sms_opt_out", f"{phone.number} opted out of texts ({phone.sms_opt_out_how}).")
    now = now or utcnow()
    check_contact_hours(account, phone.number, now)
    check_state_frequency(account, phone, now)


AUTO_TEXT_QUIET = timedelta(minutes=5)


def check_auto_text(number: str, key: str, now: datetime | None = None) -> None:
    """A text the desk writes by itself (desk.sms.auto_texts) may go to this number, or Refused.
    An opt-out confirmation is the one text an opted-out number may get (the opt-out check is
    skipped for it alone), at most one in five minutes; any other goes only where texts are on."""
    now = now or utcnow()
    if key == "opt_out_confirmation":
        if db.engine.dialect.name == "postgresql":  # two STOPs at once: the second waits, then sees the first
            db.session.execute(db.select(db.func.pg_advisory_xact_lock(db.func.hashtext(f"auto_text:{number}"))))
        recent = db.session.execute(db.select(Message.id).where(
            Message.to_number == number, Message.auto_text == key,
            Message.created_at >= now - AUTO_TEXT_QUIET).limit(1)).first()
        if recent:
            raise Refused("auto_text_recent", f"{number} got an opt-out confirmation less than five minutes ago.")
        return
    opted_out = db.session.execute(db.select(Phone.id).where(
        Phone.number == number, Phone.sms_opted_out_at.is_not(None)).limit(1)).first()
    if opted_out:
        raise Refused("sms_opt_out", f"{number} opted out of texts.")


def check_email(address: EmailAddress) -> None:
    if address.opt_out:
        raise Refused("email_opt_out", f"{address.address} opted out of email ({address.opt_out_how}).")


def check_call(account: Account, phone: Phone, now: datetime | None = None,
               override_reason: str | None = None, voicemail_drop: str | None = None) -> None:
    """A call may be placed now, or Refused. An override skips the frequency rules only (the
    national attempts and cooldown rules, and the state's), never consent."""
    now = now or utcnow()
    if phone.call_opt_out:
        raise Refused("call_opt_out", f"{phone.number} asked not to be called ({how_label(phone.call_opt_out_how)}).")
    check_voicemail_drop(phone, voicemail_drop)
    check_contact_hours(account, phone.number, now)
    if override_reason:
        return
    _check_attempts(account, now)
    _check_cooldown(account, now)
    check_state_frequency(account, phone, now)


def check_voicemail_drop(phone: Phone, drop: str | None) -> None:
    """A prerecorded or text-to-speech voicemail drop is a prerecorded message: it goes only to a
    phone whose owner consented to those (TCPA); no consent refuses the whole call, naming the field."""
    if drop and not phone.prerecorded_consent:
        refusal = Refused("no_prerecorded_consent",
                          f"{phone.number} has no consent to prerecorded messages: call without a voicemail drop.")
        refusal.fields["voicemail_drop"] = ["This phone has no consent to prerecorded messages."]
        raise refusal


def _check_attempts(account: Account, now: datetime) -> None:
    limit, days = settings.get("call_attempts_max"), settings.get("call_attempts_window_days")
    since = now - timedelta(days=days)
    times = sorted(at for at, _ in db.session.execute(call_attempts(account, since)))
    if len(times) >= limit:
        lifts = times[len(times) - limit] + timedelta(days=days)
        raise Refused("call_attempts",
                      f"{len(times)} call attempts in the last {days} days (limit {limit}).", lifts)


def _check_cooldown(account: Account, now: datetime) -> None:
    days = settings.get("call_cooldown_after_contact_days")
    last = db.session.execute(
        db.select(db.func.max(Activity.created_at)).join(Disposition)
        .where(Activity.account_id == account.id, Disposition.reached.is_(True),
               Activity.created_at >= now - timedelta(days=days))
    ).scalar()
    if last is not None:
        if last.tzinfo is None:
            last = last.replace(tzinfo=ZoneInfo("UTC"))
        raise Refused("call_cooldown",
                      f"The customer was reached on {last:%b %d}; no calls for {days} days after.",
                      last + timedelta(days=days))


def check_state_frequency(account: Account, phone: Phone, now: datetime | None = None) -> None:
    """The rule of the customer's state (desk.compliance.state_rules), if one is on: at most so
    many calls and texts, together, in so many days to numbers of this phone's kind."""
    rule = rule_for(account.state)
    if rule is None:
        return
    now = now or utcnow()
    limit, days = rule.window(phone.kind)
    times = telephone_contacts(account, phone.kind, now - timedelta(days=days))
    if len(times) >= limit:
        lifts = times[len(times) - limit] + timedelta(days=days)
        raise _state_refusal(rule, account, phone, limit, days, lifts)


def _state_refusal(rule: StateRule, account: Account, phone: Phone, limit: int, days: int,
                   lifts: datetime) -> Refused:
    local = lifts.astimezone(ZoneInfo(account.timezone))
    when = f"{local:%b} {local.day}, {_clock_minutes(local)} {local:%Z}"
    message = (f"{rule.name} ({rule.citation}): {limit} calls or texts in {days} days to "
               f"{KIND_WORDS[phone.kind]}; next allowed {when}.")
    refused = Refused("state_frequency", message, lifts)
    refused.fields["to"] = [f"{phone.number} is a {phone.kind} number: {rule.name} allows {limit} "
                            f"calls or texts in {days} days to {KIND_WORDS[phone.kind]}."]
    return refused


def _clock_minutes(moment: datetime) -> str:
    """10:15am, 9am, 12:30pm."""
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"
