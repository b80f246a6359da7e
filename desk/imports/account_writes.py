"""Saving a chunk of validated account rows: one look-up of what is stored, bulk inserts for new
accounts, the ORM (with the account verb's rules) only for rows that change something.

The DMS is authoritative for an account's figures as of the row's date (`as_of`, else the day of
the import): payments the desk recorded after that day are not in them, so they are taken off
again; payments up to that day are, so nothing is counted twice."""
from datetime import date

from sqlalchemy import insert, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from desk.accounts.assignment import assign_loaded
from desk.accounts.records import apply_account_data, audit_changes, audited_values
from desk.collections.balances import fill_next_due, reapply_payments_after
from desk.extensions import db
from desk.imports.assignment_rules import collectors_by_rule
from desk.imports.consents import apply_consents
from desk.imports.rows import GoodRow, Problem, Tally
from desk.imports.snapshots import stored_accounts, would_change
from models import Account, EmailAddress, Phone, User

ACCOUNT_COLUMNS = inspect(Account).column_attrs


def apply_accounts(rows: list[GoodRow], problems: list[Problem]) -> Tally:
    """Create or update the chunk's accounts in one savepoint; if the database refuses the chunk,
    retry row by row so only the refused rows fail."""
    if not rows:
        return Tally()
    try:
        with db.session.begin_nested():
            return _apply_rows(rows)
    except SQLAlchemyError as exc:
        if len(rows) == 1:
            problems.append(Problem(rows[0].line, rows[0].key_column,
                                    f"The database refused this row: {_short(exc)}", rows[0].data["number"]))
            return Tally(failed=1)
    tally = Tally()
    for row in rows:
        tally += apply_accounts([row], problems)
    return tally


def _apply_rows(rows: list[GoodRow]) -> Tally:
    """New accounts go in with bulk inserts; rows that would change nothing are only counted;
    the rest are applied through the ORM to their accounts, loaded in one query."""
    stored = stored_accounts({row.data["number"] for row in rows})
    first_of_new, to_update, new_numbers = [], [], set()
    tally = Tally()
    for row in rows:
        number = row.data["number"]
        if number in stored:
            if would_change(stored[number], row.data, _account_values(row.data)):
                to_update.append(row)
            else:
                tally.unchanged += 1
        elif number in new_numbers:
            to_update.append(row)  # a repeat of a number this chunk creates
        else:
            new_numbers.add(number)
            first_of_new.append(row)
    tally.created = _insert_new(first_of_new)
    if to_update:
        tally += _update_existing(to_update, _load_accounts({row.data["number"] for row in to_update}))
    apply_consents(rows)
    return tally


def _load_accounts(numbers: set[str]) -> dict[str, Account]:
    return {a.number: a for a in db.session.execute(
        select(Account).where(Account.number.in_(numbers))
        .options(selectinload(Account.phones), selectinload(Account.emails))).scalars()}


def _insert_new(rows: list[GoodRow]) -> int:
    """Insert accounts, then their phones and emails, a statement per table for the chunk.
    Each account's columns come from the same rules as create_account (apply_account_data)."""
    if not rows:
        return 0
    values = [_account_values(row.data) for row in rows]
    _assign_by_rule(values)
    ids = dict(db.session.execute(insert(Account).returning(Account.number, Account.id), values).all())
    phones = [{"account_id": ids[row.data["number"]], "number": phone["number"],
               "label": phone.get("label", "mobile")} for row in rows for phone in row.data["phones"]]
    emails = [{"account_id": ids[row.data["number"]], "address": address}
              for row in rows for address in _unique_emails(row.data.get("emails") or [])]
    if phones:
        db.session.execute(insert(Phone), phones)
    if emails:
        db.session.execute(insert(EmailAddress), emails)
    return len(rows)


def _assign_by_rule(values: list[dict]) -> None:
    """New accounts the file names no collector for get one by the admin's assignment rule."""
    unassigned = [row for row in values if row.get("assigned_to_id") is None]
    for row, collector_id in zip(unassigned, collectors_by_rule([row["last_name"] for row in unassigned]), strict=True):
        row["assigned_to_id"] = collector_id


def _account_values(data: dict) -> dict:
    account = Account(number=data["number"])
    apply_account_data(account, {k: v for k, v in data.items() if k not in ("phones", "emails", "assigned_to")})
    fill_next_due(account, date.today())
    values = {attr.key: account.__dict__[attr.key] for attr in ACCOUNT_COLUMNS if attr.key in account.__dict__}
    if data.get("assigned_to") is not None:
        values["assigned_to_id"] = data["assigned_to"].id  # the schema loaded the collector named
    return values


def _unique_emails(emails: list[dict]) -> list[str]:
    seen, unique = set(), []
    for item in emails:
        address = item["address"].strip()
        if address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique


def _update_existing(rows: list[GoodRow], known: dict[str, Account]) -> Tally:
    tally = Tally()
    with db.session.no_autoflush:
        for row in rows:
            account = known[row.data["number"]]
            before = audited_values(account) if account.id else None
            apply_account_data(account, {k: v for k, v in row.data.items() if k != "assigned_to"})
            _reassign(account, row.data.get("assigned_to"))
            fill_next_due(account, date.today())
            if _sets_figures(row.data):
                reapply_payments_after(account, row.data.get("as_of") or date.today())
            if before is not None:
                audit_changes(account, before, source="The DMS import")
            if _changed(account):
                tally.updated += 1
            else:
                tally.unchanged += 1
    db.session.flush()
    return tally


def _reassign(account: Account, collector: User | None) -> None:
    """A collector the file names takes the account over; a blank cell keeps the one it has."""
    if collector is not None and collector.id != account.assigned_to_id:
        assign_loaded([account], collector, None, source="The DMS import")


def _sets_figures(data: dict) -> bool:
    return any(data.get(key) is not None for key in ("balance", "amount_due"))


def _changed(account: Account) -> bool:
    session = db.session
    return (account in session.new or session.is_modified(account)
            or any(session.is_modified(p) for p in account.phones)
            or any(session.is_modified(e) for e in account.emails))


def _short(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0][:200]
