"""Verbs for customer accounts: create, change, find."""
from sqlalchemy import and_, func, literal_column, or_, select
from sqlalchemy.orm import selectinload

from desk import audit
from desk.accounts.phones import maybe_e164
from desk.accounts.sorting import parse_sort, sorted_page
from desk.accounts.timezones import zone_for
from desk.errors import Conflict, Forbidden, NotFound
from desk.extensions import db
from desk.templates.versions import LANGUAGE_NAMES
from desk.timeline import log_system
from models import Account, EmailAddress, Phone

SIMPLE_FIELDS = ("first_name", "last_name", "vehicle", "balance", "amount_due", "due_on",
                 "days_past_due", "status", "payment_amount", "payment_frequency", "next_due_on",
                 "language")


SCHEDULE_FIELDS = ("payment_amount", "payment_frequency", "next_due_on")
MONEY_FIELDS = ("balance", "amount_due", "due_on", "days_past_due", "status")
AUDITED_FIELDS = MONEY_FIELDS + SCHEDULE_FIELDS
# Who the customer is and how to reach them: a person's change to these is audited too, so the
# account's record keeps what they were (the DMS import, authoritative for them, is not).
CONTACT_FIELDS = ("number", "first_name", "last_name", "vehicle", "address_line1", "city", "state", "zip",
                  "timezone")


def check_schedule_change(data: dict, user) -> None:
    """The payment schedule moves the amount due: only an admin (or the DMS import) sets it."""
    touched = [name for name in SCHEDULE_FIELDS if name in data]
    if touched and not user.is_admin:
        raise Forbidden("Only an admin can change the payment schedule.",
                        {name: ["Admins only."] for name in touched})


def check_money_change(data: dict, user) -> None:
    """Balance, amount due, due date, days past due and status come from payments and the DMS
    import: only an admin changes them by hand."""
    touched = [name for name in MONEY_FIELDS if name in data]
    if touched and not user.is_admin:
        raise Forbidden(f"Only an admin can change {', '.join(touched)}.",
                        {name: ["Only an admin can change this."] for name in touched})


def check_assignment_change(data: dict, user) -> None:
    """Only an admin assigns accounts to collectors."""
    if "assigned_to" in data and not user.is_admin:
        raise Forbidden("Only an admin can assign the account.", {"assigned_to": ["Admins only."]})


def check_admin_fields(data: dict, user) -> None:
    """What only an admin sets on an account, whether creating or changing it: money and status,
    the payment schedule, the collector. One 403 naming every such field given."""
    refused = []
    for check in (check_money_change, check_schedule_change, check_assignment_change):
        try:
            check(data, user)
        except Forbidden as exc:
            refused.append(exc)
    if len(refused) == 1:
        raise refused[0]
    if refused:
        raise Forbidden(" ".join(exc.message for exc in refused),
                        {name: why for exc in refused for name, why in exc.fields.items()})


def get_account(account_id: int) -> Account:
    account = db.session.get(Account, account_id, options=[
        selectinload(Account.phones), selectinload(Account.emails)])
    if account is None:
        raise NotFound(f"No account {account_id}.")
    return account


def create_account(data: dict) -> Account:
    """Add an account with its phones and emails from validated data."""
    if db.session.execute(select(Account.id).where(Account.number == data["number"])).first():
        raise Conflict(f"Account number {data['number']} exists.", {"number": ["Already in use."]})
    account = Account(number=data["number"])
    db.session.add(account)
    _apply(account, data)
    db.session.flush()
    return account


def update_account(account: Account, data: dict, author=None) -> Account:
    """Change an account in place; phones and emails given are added if new (never deleted).
    A change to a money, status, schedule or contact field is audited and on the timeline."""
    before = {**audited_values(account), **contact_values(account)}
    if "number" in data and data["number"] != account.number:
        if db.session.execute(select(Account.id).where(Account.number == data["number"])).first():
            raise Conflict(f"Account number {data['number']} exists.", {"number": ["Already in use."]})
        account.number = data["number"]
    language = account.language
    _apply(account, data)
    db.session.flush()  # the account's own rows first: a clash on a unique value is answered before the audit
    audit_changes(account, before, author, after={**audited_values(account), **contact_values(account)})
    _note_language(account, language, author)
    db.session.flush()
    return account


def _note_language(account: Account, before: str, author=None) -> None:
    """A change of the customer's language goes on the timeline (texts and emails follow it)."""
    if account.language != before:
        who = author.name if author else "The desk"
        name = LANGUAGE_NAMES.get(account.language, account.language)
        log_system(account.id, "system", f"{who} set the customer's language to {name}.",
                   created_by_id=author.id if author else None)


def audited_values(account: Account) -> dict:
    """The account's money, status and schedule fields, to compare after a change."""
    return {name: getattr(account, name) for name in AUDITED_FIELDS}


def contact_values(account: Account) -> dict:
    """The account's name, number, address, vehicle, phones and email addresses, as audited."""
    return {**{name: getattr(account, name) for name in CONTACT_FIELDS},
            "phones": ", ".join(f"{p.number} ({p.label})" for p in account.phones) or None,
            "emails": ", ".join(e.address for e in account.emails) or None}


def audit_changes(account: Account, before: dict, author=None, source: str = "The desk",
                  after: dict | None = None) -> None:
    """Write what changed since `before` (audited_values) to the audit log and the timeline;
    `source` names who changed it when no person did (the DMS import)."""
    after = after or audited_values(account)
    changes = {name: (before[name], after[name]) for name in before}
    lines = audit.record("account", account.id, account.id, changes, author)
    if lines:
        who = author.name if author else source
        log_system(account.id, "system", f"{who} changed " + "; ".join(lines) + ".",
                   created_by_id=author.id if author else None)


def apply_account_data(account: Account, data: dict) -> None:
    """Set validated data on a new or loaded account without flushing, for callers that batch
    their own flushes (the CSV import); phones and emails given are added if new."""
    _apply(account, data)


def _apply(account: Account, data: dict) -> None:
    for key in SIMPLE_FIELDS:
        if key in data and data[key] is not None:
            setattr(account, key, data[key])
    if "assigned_to" in data:
        account.assigned_to = data["assigned_to"]
    address = data.get("address") or {}
    for key, column in (("line1", "address_line1"), ("city", "city"), ("state", "state"), ("zip", "zip")):
        if key in address:
            setattr(account, column, address[key])
    if data.get("timezone"):
        account.timezone = data["timezone"]
    elif address or not account.timezone:
        account.timezone = zone_for(account.state, account.zip)
    add_phones(account, data.get("phones") or [])
    add_emails(account, data.get("emails") or [])


def add_phones(account: Account, phones: list[dict]) -> None:
    known = {p.number: p for p in account.phones}
    for item in phones:
        if item["number"] in known:
            known[item["number"]].label = item.get("label", known[item["number"]].label)
        else:
            phone = Phone(number=item["number"], label=item.get("label", "mobile"))
            account.phones.append(phone)
            known[phone.number] = phone


def add_emails(account: Account, emails: list[dict]) -> None:
    known = {e.address.lower() for e in account.emails}
    for item in emails:
        address = item["address"].strip()
        if address.lower() not in known:
            account.emails.append(EmailAddress(address=address))
            known.add(address.lower())


def search_accounts(q: str | None = None, assigned_to: int | None = None, limit: int = 50,
                    cursor: str | None = None, sort: str | None = None) -> tuple[list[Account], str | None]:
    """Accounts by name, number or phone; in the order `sort` names (name by default), paged by
    cursor."""
    order = parse_sort(sort)
    query = select(Account).options(selectinload(Account.phones), selectinload(Account.emails))
    if assigned_to:
        query = query.where(Account.assigned_to_id == assigned_to)
    if q and q.strip():
        query = query.where(_matches(q.strip()))
    rows, next_cursor = sorted_page(query, order, limit, cursor)
    return [row[0] for row in rows], next_cursor


def _matches(q: str):
    """Prefix matches on "first last", "last first" ("Lopez, Kei" too) and the account number,
    the exact phone, or a phone ending in the digits typed (4 or more).

    The name and number expressions are written as the PostgreSQL search indexes define them
    (migration 0003); the trailing digits are a range on phones.number_reversed (migration 0015).
    """
    prefix = q.lower() + "%"
    last_first = " ".join(part.strip() for part in q.lower().split(",", 1)) + "%"
    terms = [_name_key(Account.first_name, Account.last_name).like(prefix),
             _name_key(Account.last_name, Account.first_name).like(last_first),
             func.lower(Account.number).like(prefix)]
    phone = maybe_e164(q)
    if phone:
        terms.append(Account.id.in_(select(Phone.account_id).where(Phone.number == phone)))
    ending = _typed_digits(q)
    if ending:
        terms.append(Account.id.in_(select(Phone.account_id).where(_ends_with(ending))))
    return or_(*terms)


def _typed_digits(q: str) -> str | None:
    """The digits of a search made only of digits and phone punctuation, when 4 or more."""
    if not q or any(ch not in PHONE_PUNCTUATION and not ch.isdigit() for ch in q):
        return None
    digits = "".join(ch for ch in q if ch.isdigit())
    return digits if 4 <= len(digits) <= 15 and digits.isascii() else None


PHONE_PUNCTUATION = set(" -.()+")


def _ends_with(digits: str):
    """Phones whose number ends in `digits`: the reversed digits start with them reversed, read
    as a range (>= "2201" and < "2202") so a plain btree index serves it on every database,
    whatever its collation (digits sort alike in all of them)."""
    start = digits[::-1]
    end = _next_prefix(start)
    column = Phone.number_reversed
    return and_(column >= start, column < end) if end else column >= start


def _next_prefix(prefix: str) -> str | None:
    """The smallest digit string above every string starting with `prefix` (None for 999...)."""
    stripped = prefix.rstrip("9")
    if not stripped:
        return None
    return stripped[:-1] + str(int(stripped[-1]) + 1)


def _name_key(first, second):
    return func.lower(first.op("||")(literal_column("' '")).op("||")(second))
