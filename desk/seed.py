"""Demo data: an admin, two collectors and about 50 realistic accounts across US time zones,
with four weeks of history (desk/seed_history.py) for the Dashboard.

The places whose customers may be called and texted at the moment of seeding come first, and
every account has an email address (email has no contact hours), so the demo always has
accounts that may be contacted now, whatever the hour; the summary names them and their
channels (when no US zone is inside contact hours, it says when the first one opens), and the
worklist and accounts list mark them "Contact now".
"""
import random
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from desk.accounts.phones import zones_for_number
from desk.accounts.records import create_account
from desk.accounts.timezones import zone_for
from desk.collections import balances
from desk.collections.dispositions import ensure_defaults, list_dispositions
from desk.collections.payments import record_payment, reverse_payment
from desk.collections.promises import add_plan, add_promise, evaluate_promise
from desk.compliance.contactability import open_now
from desk.compliance.gate import contact_hours_rule, inside_contact_hours, next_contact_time
from desk.extensions import db
from desk.seed_history import seed_weeks
from desk.templates import library as template_verbs
from desk.timeline import record_activity
from desk.users.people import create_user
from models import Account, User, utcnow

DEMO_PASSWORD = "demo-pass-2026"
PEOPLE = [("admin@desk.local", "Avery Admin", "admin", "+15005550006"),
          ("casey@desk.local", "Casey Collector", "collector", "+15005550007"),
          ("jordan@desk.local", "Jordan Collector", "collector", "+15005550008")]
FIRST = ["Maria", "James", "Keisha", "Luis", "Tanya", "Robert", "Angela", "DeShawn", "Crystal", "Miguel",
         "Brittany", "Travis", "Latoya", "Cody", "Rosa", "Dustin", "Shawna", "Marcus", "Amber", "Jesse"]
LAST = ["Garcia", "Johnson", "Williams", "Martinez", "Brown", "Davis", "Lopez", "Wilson", "Moore",
        "Taylor", "Anderson", "Thomas", "Jackson", "White", "Harris", "Clark", "Lewis", "Young"]
# Every fifth customer speaks Spanish (language es): their names, and Spanish template versions.
SPANISH_FIRST = ["Guadalupe", "José", "Ramón", "Lucía", "Alejandro", "Maribel", "Jesús", "Yesenia", "Rogelio",
                 "Itzel"]
SPANISH_LAST = ["Hernández", "Ramírez", "Gutiérrez", "Sánchez", "Núñez", "Domínguez", "Peña", "Ortiz",
                "Velázquez", "Ibáñez", "Castañeda"]
PLACES = [("Tampa", "FL", "33602", "813"), ("Atlanta", "GA", "30303", "404"), ("Dallas", "TX", "75201", "214"),
          ("Houston", "TX", "77002", "713"), ("Memphis", "TN", "38103", "901"), ("Denver", "CO", "80202", "303"),
          ("Phoenix", "AZ", "85004", "602"), ("Albuquerque", "NM", "87102", "505"),
          ("Las Vegas", "NV", "89101", "702"), ("Fresno", "CA", "93721", "559"),
          ("Columbus", "OH", "43215", "614"), ("Birmingham", "AL", "35203", "205"),
          ("Oklahoma City", "OK", "73102", "405"), ("Boise", "ID", "83702", "208"),
          ("Anchorage", "AK", "99501", "907"), ("Honolulu", "HI", "96813", "808")]
CARS = ["2015 Nissan Altima", "2016 Chevrolet Malibu", "2014 Ford F-150", "2017 Toyota Camry",
        "2013 Honda Accord", "2016 Dodge Charger", "2015 Jeep Grand Cherokee", "2018 Hyundai Elantra",
        "2014 Chevrolet Silverado", "2017 Kia Optima"]
TEMPLATES = [
    {"channel": "sms", "name": "Payment reminder",
     "body": "Hi {{ first_name }}, this is {{ collector_name }}. Your payment of {{ amount_due }} "
             "on account {{ account_number }} was due {{ due_on }}. Reply or call us to arrange it."},
    {"channel": "sms", "name": "Promise reminder",
     "body": "Hi {{ first_name }}, a reminder of your promised payment of {{ promise_amount }} "
             "due {{ promise_due_on }}. Thank you!"},
    {"channel": "email", "name": "Past due notice", "subject": "Account {{ account_number }} is past due",
     "body": "Dear {{ first_name }} {{ last_name }},\n\nYour payment of {{ amount_due }} for your "
             "{{ vehicle }} was due {{ due_on }}. Please call us to bring the account current.\n\n"
             "{{ collector_name }}"},
    {"channel": "sms", "name": "Payment reminder", "language": "es",
     "body": "Hola {{ first_name }}, le habla {{ collector_name }}. Su pago de {{ amount_due }} de la cuenta "
             "{{ account_number }} venció el {{ due_on }}. Responda o llámenos para arreglarlo."},
    {"channel": "sms", "name": "Promise reminder", "language": "es",
     "body": "Hola {{ first_name }}, le recordamos su pago prometido de {{ promise_amount }} "
             "que vence el {{ promise_due_on }}. ¡Gracias!"},
    {"channel": "email", "name": "Past due notice", "language": "es",
     "subject": "La cuenta {{ account_number }} tiene un pago atrasado",
     "body": "Estimado/a {{ first_name }} {{ last_name }}:\n\nSu pago de {{ amount_due }} de su "
             "{{ vehicle }} venció el {{ due_on }}. Por favor, llámenos para poner su cuenta al día.\n\n"
             "{{ collector_name }}"},
]


def seed_demo(count: int = 50, rng: random.Random | None = None, now: datetime | None = None) -> str:
    """Add the demo people, templates and accounts; does nothing if demo data is already there.
    The summary names the accounts that may be contacted at `now`."""
    rng, now = rng or random.Random(7), now or utcnow()
    if db.session.execute(select(User.id).where(User.email == PEOPLE[0][0])).first():
        return "Demo data already present."
    ensure_defaults()
    users = [create_user({"email": e, "name": n, "role": r, "password": DEMO_PASSWORD, "phone": p})
             for e, n, r, p in PEOPLE]
    for template in TEMPLATES:
        template_verbs.save_template(template)
    collectors = users[1:]
    places = sorted(PLACES, key=lambda place: not inside_contact_hours(_place_zones(place), now))
    accounts = [_seed_account(i, rng, collectors, places[i % len(places)]) for i in range(count)]
    seed_weeks(accounts, rng, current_app.config["DEALER_TIME_ZONE"])
    return (f"Seeded {count} accounts. Log in as {PEOPLE[0][0]} (admin) or {PEOPLE[1][0]} "
            f"(collector), password {DEMO_PASSWORD}.\n{contact_hours_rule()}.\n"
            f"{contactable_now(accounts, now)}")


def _place_zones(place: tuple) -> list[str]:
    """The zones a customer living there with a phone of its area code is contacted in."""
    city, state, zip_code, area = place
    return [zone_for(state, zip_code), *zones_for_number(f"+1{area}5551000")]


CHANNEL_WORDS = {"call": "call", "sms": "text", "email": "email"}


def contactable_now(accounts: list[Account], now: datetime) -> str:
    """Which demo accounts may be contacted at `now`, and how, as the gate answers
    (desk.compliance.contactability.open_now); when no US zone is inside contact hours, when
    calls and texts open. Every demo account has an email address, which has no contact hours."""
    reachable = sorted(((a, channels) for a in accounts if (channels := open_now(a, now))),
                       key=lambda found: -len(found[1]))
    lines = []
    if not any(inside_contact_hours(_place_zones(place), now) for place in PLACES):
        opens = min(filter(None, (next_contact_time(_place_zones(p), now) for p in PLACES)), default=None)
        when = f"; the first opens at {opens:%H:%M} UTC" if opens else ""
        lines.append(f"No US time zone is inside contact hours right now{when}: calls and texts wait until then.")
    if not reachable:
        return "\n".join([*lines, "No demo account may be contacted now."])
    named = ", ".join(f"{a.number} ({a.city}, {a.state}: {'/'.join(CHANNEL_WORDS[c] for c in channels)})"
                      for a, channels in reachable[:6])
    more = f" and {len(reachable) - 6} more" if len(reachable) > 6 else ""
    lines.append(f"May be contacted now: {named}{more}. The worklist and accounts list mark them \"Contact now\".")
    return "\n".join(lines)


def _seed_account(i: int, rng: random.Random, collectors: list[User], place: tuple) -> Account:
    city, state, zip_code, area = place
    days_late = rng.choice([0, 0, 5, 12, 18, 25, 33, 47, 61, 95])
    today = date.today()
    phones = [{"number": f"+1{area}555{1000 + i:04d}", "label": "mobile"}]
    if i % 3 == 0:
        phones.append({"number": f"+1{area}555{2000 + i:04d}", "label": "home"})
    first, last, language = _customer_name(i)
    account = create_account({
        "number": f"BH{10000 + i}", "first_name": first, "last_name": last, "phones": phones,
        "emails": [{"address": f"{_ascii(first)}.{_ascii(last)}{i}@example.com"}], "language": language,
        "address": {"line1": f"{100 + i * 3} Main St", "city": city, "state": state, "zip": zip_code},
        "vehicle": CARS[i % len(CARS)], "balance": Decimal(rng.randrange(2500, 14000)),
        "amount_due": Decimal(rng.choice([150, 225, 250, 300, 375, 450])),
        "due_on": today - timedelta(days=days_late), "days_past_due": days_late,
        "status": "delinquent" if days_late else "current", "assigned_to": collectors[i % 2],
    })
    _seed_schedule(account, i, today)
    _seed_history(account, rng, collectors[i % 2], today)
    return account


def _customer_name(i: int) -> tuple[str, str, str]:
    """First name, last name and language of the i-th demo customer."""
    if i % 5 == 3:
        return SPANISH_FIRST[(i // 5) % len(SPANISH_FIRST)], SPANISH_LAST[(i * 3) % len(SPANISH_LAST)], "es"
    return FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)], "en"


def _ascii(name: str) -> str:
    """A name as an email address spells it: José -> jose, Núñez -> nunez."""
    plain = unicodedata.normalize("NFKD", name.lower())
    return "".join(ch for ch in plain if ch.isascii() and ch.isalnum())


def _seed_schedule(account: Account, i: int, today: date) -> None:
    """Payments of the amount due, weekly, every two weeks or monthly, the next one upcoming."""
    frequency = ("weekly", "biweekly", "monthly", "biweekly")[i % 4]
    account.payment_amount, account.payment_frequency = account.amount_due, frequency
    account.next_due_on = balances.step(account.due_on, frequency)
    while account.next_due_on <= today:
        account.next_due_on = balances.step(account.next_due_on, frequency)


def _seed_history(account: Account, rng: random.Random, collector: User, today: date) -> None:
    dispositions = {d.name: d for d in list_dispositions()}
    if account.days_past_due:
        record_activity(account, {"type": "call", "disposition": dispositions["No Answer"],
                                  "notes": "Rang out, no voicemail set up."}, collector)
    if account.id % 4 == 1:
        record_activity(account, {"type": "note", "notes": "Customer says paycheck comes Friday.",
                                  "assigned_to": collector, "follow_up_on": today}, collector)
    if account.id % 5 == 2:  # kept: promised, then paid
        add_promise(account, {"amount": account.amount_due, "due_on": today + timedelta(days=3)}, collector)
        record_payment(account, {"amount": account.amount_due, "reference": f"R{account.id}"}, collector)
    if account.id % 5 == 3:  # broken: promised a week ago for two days ago, never paid
        promise = add_promise(account, {"amount": account.amount_due, "due_on": today - timedelta(days=2)},
                              collector, today=today - timedelta(days=7))
        evaluate_promise(promise, today)
    if account.id % 5 == 4:
        add_promise(account, {"amount": account.amount_due, "due_on": today + timedelta(days=5),
                              "notes": "Will pay at the lot."}, collector)
    if account.id % 10 == 1:  # a plan of three weekly installments, the first partly paid
        _seed_plan(account, collector, today)
    if account.id % 10 == 5:  # a payment that came back NSF
        _seed_reversal(account, collector, today)


def _seed_plan(account: Account, collector: User, today: date) -> None:
    part = (account.amount_due / 3).quantize(Decimal("0.01"))
    add_plan(account, {"installments": [{"amount": part, "due_on": today + timedelta(days=7 * k)} for k in range(3)],
                       "notes": "Three weekly payments, agreed on the phone."}, collector)
    record_payment(account, {"amount": (part / 2).quantize(Decimal("0.01")), "reference": f"P{account.id}"},
                   collector)


def _seed_reversal(account: Account, collector: User, today: date) -> None:
    add_promise(account, {"amount": account.amount_due, "due_on": today + timedelta(days=2)}, collector)
    payment = record_payment(account, {"amount": account.amount_due, "reference": f"CK{account.id}"}, collector)
    admin = db.session.execute(select(User).where(User.email == PEOPLE[0][0])).scalar_one()
    reverse_payment(payment, "Check returned NSF", admin)
