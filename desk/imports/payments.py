"""Payments from a DMS export, posted through record_payment so promises are settled.

A payment already in the desk is skipped: the same account and reference, or, for a row
without a reference, the same account, date and amount.
"""
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from desk.collections.payments import record_payment
from desk.errors import DeskError
from desk.extensions import db
from desk.imports.rows import Cells, GoodRow, Problem, Tally, problems_from
from desk.imports.values import BadValue, clean_money, parse_date
from desk.schemas.records import PaymentIn
from models import Account, Payment, User

SCHEMA = PaymentIn()
FIELD_OF = {"amount": "amount", "paid_on": "paid_on", "reference": "reference"}


class PaymentRows:
    """Reads rows of one file into {number, amount, paid_on, reference}."""

    def __init__(self, header: list[str], columns: dict[str, int]):
        self.header, self.columns = header, columns

    def parse(self, line: int, values: tuple[str, ...]) -> GoodRow | list[Problem]:
        cells = Cells(self.header, self.columns, values)
        problems = []
        number = cells.cell("number")
        if not number:
            problems.append(Problem(line, cells.header_of("number"), "The account number is missing."))
        payload = {"amount": clean_money(cells.cell("amount")), "reference": cells.cell("reference") or None}
        try:
            payload["paid_on"] = parse_date(cells.cell("paid_on")).isoformat()
        except BadValue as exc:
            problems.append(Problem(line, cells.header_of("paid_on"), str(exc), cells.cell("paid_on")))
        if not payload["amount"]:
            problems.append(Problem(line, cells.header_of("amount"), "The amount is missing."))
        if problems:
            return problems
        try:
            data = SCHEMA.load(payload)
        except ValidationError as err:
            return problems_from(err, line, lambda path: _blame(cells, path))
        return GoodRow(line, {**data, "number": number}, cells.header_of("number"))


def _blame(cells: Cells, path: tuple) -> tuple[str, str]:
    field = FIELD_OF.get(path[0] if path else "", "number")
    return cells.header_of(field), cells.cell(field)


def apply_payments(rows: list[GoodRow], problems: list[Problem], author_id: int | None) -> Tally:
    """Post the chunk's new payments, each in its own savepoint; known ones count as unchanged."""
    if not rows:
        return Tally()
    author = db.session.get(User, author_id) if author_id else None
    accounts = {a.number: a for a in db.session.execute(
        select(Account).where(Account.number.in_({r.data["number"] for r in rows}))).scalars()}
    posted = _posted_keys([a.id for a in accounts.values()])
    tally = Tally()
    for row in rows:
        account = accounts.get(row.data["number"])
        if account is None:
            problems.append(Problem(row.line, row.key_column, f"Unknown account {row.data['number']}.",
                                    row.data["number"]))
            tally.failed += 1
            continue
        keys = _keys(account.id, row.data)
        if keys & posted:
            tally.unchanged += 1
            continue
        if _post(account, row, author, problems):
            posted |= keys
            tally.created += 1
        else:
            tally.failed += 1
    return tally


def _post(account: Account, row: GoodRow, author: User | None, problems: list[Problem]) -> bool:
    try:
        with db.session.begin_nested():
            record_payment(account, row.data, author, source="import")
        return True
    except DeskError as exc:
        problems.append(Problem(row.line, row.key_column, exc.message, row.data["number"]))
    except SQLAlchemyError as exc:
        problems.append(Problem(row.line, row.key_column, "The database refused this row: "
                                + str(getattr(exc, "orig", exc)).splitlines()[0][:200], row.data["number"]))
    return False


def _keys(account_id: int, data: dict) -> set:
    """The identities a payment is known by: its reference, and its date and amount."""
    if data.get("reference"):
        return {("ref", account_id, data["reference"].strip())}
    return {("day", account_id, data["paid_on"], data["amount"])}


def _posted_keys(account_ids: list[int]) -> set:
    """Keys of the payments already on these accounts. A row without a reference matches any
    payment with its date and amount; a row with one matches only that reference."""
    if not account_ids:
        return set()
    keys = set()
    for account_id, reference, paid_on, amount in db.session.execute(
            select(Payment.account_id, Payment.reference, Payment.paid_on, Payment.amount)
            .where(Payment.account_id.in_(account_ids))):
        keys.add(("day", account_id, paid_on, amount))
        if reference:
            keys.add(("ref", account_id, reference))
    return keys
