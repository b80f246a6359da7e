"""What the desk holds for a chunk's accounts, read with plain queries, so that rows which would
change nothing are counted without loading ORM objects (most rows of a re-imported export)."""
from dataclasses import dataclass, field

from sqlalchemy import select

from desk.extensions import db
from models import Account, EmailAddress, Phone


@dataclass
class Stored:
    values: dict
    phones: dict[str, str] = field(default_factory=dict)  # E.164 number -> label
    emails: set[str] = field(default_factory=set)  # lower-cased addresses


def stored_accounts(numbers: set[str]) -> dict[str, Stored]:
    """Three queries for the chunk: accounts, their phones, their emails."""
    accounts = {row.number: Stored(dict(row._mapping)) for row in db.session.execute(
        select(Account.__table__).where(Account.number.in_(numbers)))}
    by_id = {stored.values["id"]: stored for stored in accounts.values()}
    if by_id:
        for account_id, number, label in db.session.execute(
                select(Phone.account_id, Phone.number, Phone.label).where(Phone.account_id.in_(by_id))):
            by_id[account_id].phones[number] = label
        for account_id, address in db.session.execute(
                select(EmailAddress.account_id, EmailAddress.address).where(EmailAddress.account_id.in_(by_id))):
            by_id[account_id].emails.add(address.lower())
    return accounts


def would_change(stored: Stored, data: dict, new_values: dict) -> bool:
    """True when applying the row might change the account. new_values are the columns the
    account verb sets from the row; the time zone counts only when the row gives an address
    (otherwise the verb keeps the stored one). A false True only costs a slower, exact check."""
    for key, value in new_values.items():
        if key == "timezone" and not data.get("address"):
            continue
        if stored.values.get(key) != value:
            return True
    if any(stored.phones.get(p["number"]) != p.get("label", "mobile") for p in data.get("phones") or []):
        return True
    return any(e["address"].strip().lower() not in stored.emails for e in data.get("emails") or [])
