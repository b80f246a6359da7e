"""A few weeks of demo history, so the Dashboard's charts mean something: calls (answered or
not, with talk time), their dispositions, texts with each delivery outcome, emails, promises
kept and broken, payments from every source, an opt-out, and a portfolio snapshot for each of
those days (so the Dashboard's roll rates have a start day).

Calls, texts and emails are written as the rows the desk would have stored, dated in the past;
promises and payments go through the desk's own verbs (so balances and allocations are right)
and are then dated when they happened. The first accounts get no history in the last eight
days, so the demo's first accounts stay callable (no cooldown after a conversation), and
accounts more than 30 days late keep their lateness (their promises break or are pending), so
the portfolio keeps every bucket."""
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from desk.collections.payments import record_payment
from desk.collections.promises import add_promise, evaluate_promise
from desk.compliance.sms_consent import record_sms_consent
from desk.extensions import db
from desk.reports.buckets import bucket_name
from desk.reports.snapshots import take_snapshot
from models import (
    Account,
    Activity,
    Call,
    ConsentEvent,
    Conversation,
    Disposition,
    Email,
    Message,
    Payment,
    PortfolioSnapshot,
    User,
    utcnow,
)

WEEKS = 4
QUIET_ACCOUNTS, QUIET_DAYS = 10, 8
TEXT_OUTCOMES = [("delivered", None)] * 17 + [("undelivered", 30003), ("failed", 30005), ("failed", 30006)]
SOURCES = ["console", "console", "api", "import"]
SNAPSHOT_DAYS = 31  # the days before today with a snapshot: the longest preset period starts 29 back

# What the demo's past texts and emails said, in each customer's language.
HISTORY_TEXT = {
    "en": {"sms": "Hi, this is the dealership about your car payment. Please call us back.",
           "subject": "Your account", "email": "Please call us about your account."},
    "es": {"sms": "Hola, le llamamos del concesionario por el pago de su auto. Por favor, llámenos.",
           "subject": "Su cuenta", "email": "Por favor, llámenos acerca de su cuenta."},
}


def seed_weeks(accounts: list[Account], rng: random.Random, zone: str) -> None:
    """History up to today (the accounts' figures are as of today, whatever `now` seeding was given)."""
    today = utcnow().astimezone(ZoneInfo(zone)).date()
    reached = {d.name: d for d in db.session.execute(select(Disposition)).scalars()}
    for index, account in enumerate(accounts):
        quiet = QUIET_DAYS if index < QUIET_ACCOUNTS else 1
        collector = account.assigned_to
        for back in range(WEEKS * 7, quiet - 1, -1):
            day = today - timedelta(days=back)
            _one_day(account, collector, day, zone, rng, reached, today)
    _opt_out(accounts[-1], today, zone)
    _snapshots(accounts, today, rng)


def _at(day: date, zone: str, rng: random.Random) -> datetime:
    moment = time(rng.randrange(9, 19), rng.randrange(60))
    return datetime.combine(day, moment, ZoneInfo(zone)).astimezone(UTC)


def _one_day(account, collector: User, day: date, zone: str, rng, dispositions: dict, today: date) -> None:
    if account.days_past_due and rng.random() < 0.3:
        _call(account, collector, _at(day, zone, rng), rng, dispositions, today)
    if rng.random() < 0.15:
        _text(account, collector, _at(day, zone, rng), rng)
    if rng.random() < 0.04:
        _email(account, collector, _at(day, zone, rng))
    if account.days_past_due == 0 and rng.random() < 0.08:  # current accounts pay as they go
        payment = record_payment(account, {"amount": Decimal(rng.choice([50, 75, 100, 150])), "paid_on": day},
                                 None, rng.choice(SOURCES), today=today)
        payment.created_at = _at(day, zone, rng)


def _call(account, collector, at: datetime, rng, dispositions: dict, today: date) -> None:
    answered = rng.random() < 0.4
    talk = rng.randrange(40, 420) if answered else 0
    call = Call(account_id=account.id, collector_id=collector.id, direction="outbound", via="phone",
                status="completed", customer_status="completed" if answered else rng.choice(["no-answer", "busy"]),
                customer_sid=f"CA{rng.getrandbits(128):032x}", talk_seconds=talk, created_at=at,
                answered_at=at if answered else None, ended_at=at + timedelta(seconds=talk + 20))
    db.session.add(call)
    db.session.flush()
    name = (rng.choice(["Spoke to Customer", "Promise to Pay", "Promise to Pay", "Refused to Pay"]) if answered
            else rng.choice(["No Answer", "Left Message", "Busy"]))
    db.session.add(Activity(account_id=account.id, type="call", disposition=dispositions[name], call_id=call.id,
                            created_by_id=collector.id, created_at=at + timedelta(seconds=talk + 60)))
    if name == "Promise to Pay":
        _promise(account, collector, at, rng, today)


def _promise(account, collector, at: datetime, rng, today: date) -> None:
    taken = at.date()
    amount = min(account.amount_due or Decimal("100.00"), account.balance)
    if amount <= 0:
        return
    promise = add_promise(account, {"amount": amount, "due_on": taken + timedelta(days=rng.randrange(1, 8))},
                          collector, today=taken)
    promise.created_at = at
    if promise.due_on <= today and account.days_past_due <= 30 and rng.random() < 0.6:
        payment = record_payment(account, {"amount": amount, "paid_on": promise.due_on}, collector, "console",
                                 today=today)
        payment.created_at = at + timedelta(days=(promise.due_on - taken).days)
    evaluate_promise(promise, today)


def _text(account, collector, at: datetime, rng) -> None:
    phone = account.phones[0]
    conversation = db.session.execute(select(Conversation).where(
        Conversation.account_id == account.id, Conversation.phone_number == phone.number)).scalar()
    if conversation is None:
        conversation = Conversation(account_id=account.id, phone_number=phone.number, created_at=at)
        db.session.add(conversation)
        db.session.flush()
    status, code = rng.choice(TEXT_OUTCOMES)
    db.session.add(Message(conversation_id=conversation.id, account_id=account.id, direction="outbound",
                           from_number="+15005550006", to_number=phone.number, status=status, error_code=code,
                           body=HISTORY_TEXT[account.language]["sms"],
                           sent_by_id=collector.id, created_at=at, updated_at=at))
    conversation.last_message_at = max(filter(None, (conversation.last_message_at, at)))


def _email(account, collector, at: datetime) -> None:
    if not account.emails:
        return
    db.session.add(Email(account_id=account.id, email_address_id=account.emails[0].id,
                         to_address=account.emails[0].address, subject=HISTORY_TEXT[account.language]["subject"],
                         status="sent", text_body=HISTORY_TEXT[account.language]["email"], sent_by_id=collector.id,
                         message_id=f"<demo-{account.id}-{at.timestamp():.0f}@desk.local>", created_at=at,
                         sent_at=at))


def _opt_out(account: Account, today: date, zone: str) -> None:
    """The last demo account's customer texted STOP a few days ago."""
    number = account.phones[0].number
    record_sms_consent(number, "opt_out", "SMS keyword STOP", "STOP")
    when = datetime.combine(today - timedelta(days=3), time(18, 5), ZoneInfo(zone)).astimezone(UTC)
    for event in db.session.execute(select(ConsentEvent).where(ConsentEvent.phone_number == number)).scalars():
        event.created_at = when


def _snapshots(accounts: list[Account], today: date, rng: random.Random) -> None:
    """A snapshot row per account for each past day of the history, as the account stood then:
    a late account was a day less late each day back (current before it fell behind); a quarter
    of today's current accounts caught up on a day of the history, and were late before it. The
    balance then is today's plus the payments dated after that day. The days reach back past
    the "Last 30 days" period's first day; today's snapshot is taken as the scheduled job takes it."""
    db.session.flush()
    rows = []
    for account in accounts:
        caught_up = rng.randrange(3, WEEKS * 7) if account.days_past_due == 0 and rng.random() < 0.25 else None
        late_before = rng.randrange(20, 75)
        paid = {row.paid_on: row.amount for row in db.session.execute(
            select(Payment.paid_on, func.sum(Payment.amount).label("amount"))
            .where(Payment.account_id == account.id).group_by(Payment.paid_on))}
        for back in range(SNAPSHOT_DAYS, 0, -1):
            day = today - timedelta(days=back)
            if caught_up is not None and back > caught_up:
                late = max(late_before - (back - caught_up), 1)
            else:
                late = max(account.days_past_due - back, 0)
            balance = account.balance + sum((amount for on, amount in paid.items() if on > day), Decimal(0))
            rows.append({"day": day, "account_id": account.id, "days_past_due": late, "bucket": bucket_name(late),
                         "balance": balance, "amount_due": account.amount_due})
    db.session.execute(insert(PortfolioSnapshot), rows)
    take_snapshot(today)
