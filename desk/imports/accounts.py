"""Account rows of a DMS export read into AccountIn data (saving them is account_writes.py)."""
from marshmallow import ValidationError

from desk.imports.collectors import CollectorNames
from desk.imports.consents import read_consent, read_do_not_call
from desk.imports.rows import Cells, GoodRow, Problem, problems_from
from desk.imports.values import (
    BadValue,
    clean_integer,
    clean_money,
    join_vehicle,
    normalise_frequency,
    normalise_language,
    normalise_status,
    normalise_zip,
    parse_date,
    split_name,
)
from desk.schemas.records import AccountIn

PHONE_COLUMNS = (("mobile_phone", "mobile"), ("home_phone", "home"), ("work_phone", "work"),
                 ("cobuyer_phone", "co-buyer"), ("reference_phone", "reference"))
ADDRESS_COLUMNS = (("address_line1", "line1"), ("city", "city"), ("state", "state"), ("zip", "zip"))
SCHEMA = AccountIn()


class AccountRows:
    """Reads rows of one file (its header and resolved columns) into AccountIn data."""

    def __init__(self, header: list[str], columns: dict[str, int]):
        self.header, self.columns = header, columns
        self.collectors = CollectorNames()

    def parse(self, line: int, values: tuple[str, ...]) -> GoodRow | list[Problem]:
        cells = Cells(self.header, self.columns, values)
        payload, sources, problems = self._payload(cells, line)
        as_of = self._as_of(cells, line, problems)
        consent = read_consent(cells, line, problems)
        do_not_call = read_do_not_call(cells, line, problems)
        try:
            data = SCHEMA.load(payload)
        except ValidationError as err:
            problems += problems_from(err, line, lambda path: self._blame(cells, sources, path))
        if problems:
            return _one_per_column(problems)
        data["phones"] = _unique_phones(data["phones"])
        data["as_of"] = as_of
        if consent is not None:
            if not data["phones"]:
                return [Problem(line, cells.header_of("prerecorded_consent"),
                                "The row has no phone to give the consent to.", cells.cell("prerecorded_consent"))]
            data["prerecorded_consent"] = {**consent, "phone": data["phones"][0]["number"]}
        if do_not_call:
            if not data["phones"]:
                return [Problem(line, cells.header_of("do_not_call"), "The row has no phone to stop calling.",
                                cells.cell("do_not_call"))]
            data["do_not_call"] = [phone["number"] for phone in data["phones"]]
        return GoodRow(line, data, cells.header_of("number"))

    @staticmethod
    def _as_of(cells: Cells, line: int, problems: list[Problem]):
        """The day the row's figures are true on (the export's date); None means the import's day."""
        if not cells.cell("as_of"):
            return None
        try:
            return parse_date(cells.cell("as_of"))
        except BadValue as exc:
            problems.append(Problem(line, cells.header_of("as_of"), str(exc), cells.cell("as_of")))
            return None

    def _payload(self, cells: Cells, line: int) -> tuple[dict, dict, list[Problem]]:
        """The AccountIn input with only the filled cells (a blank cell keeps what is stored)."""
        problems: list[Problem] = []
        payload: dict = {"number": cells.cell("number")}
        sources: dict = {}
        if not payload["number"]:
            problems.append(Problem(line, cells.header_of("number"), "The account number is missing."))
        payload["first_name"], payload["last_name"], sources["name"] = _names(cells)
        for part in ("first_name", "last_name"):
            if not payload[part]:
                column = sources["name"][part]
                problems.append(Problem(line, cells.header_of(column),
                                        f"The {part.replace('_', ' ')} is missing.", cells.cell(column)))
        phones = [(field, label, cells.cell(field)) for field, label in PHONE_COLUMNS if cells.cell(field)]
        payload["phones"] = [{"number": raw, "label": label} for _, label, raw in phones]
        sources["phones"] = [field for field, _, _ in phones]
        if cells.cell("email"):
            payload["emails"] = [{"address": cells.cell("email")}]
        address = {key: cells.cell(field) for field, key in ADDRESS_COLUMNS if cells.cell(field)}
        if "state" in address:
            address["state"] = address["state"].upper()
        if "zip" in address:
            address["zip"] = normalise_zip(address["zip"])
        if address:
            payload["address"] = address
        vehicle = cells.cell("vehicle") or join_vehicle(
            cells.cell("vehicle_year"), cells.cell("vehicle_make"), cells.cell("vehicle_model"))
        if vehicle:
            payload["vehicle"] = vehicle
        for field in ("balance", "amount_due", "payment_amount"):
            if cells.cell(field):
                payload[field] = clean_money(cells.cell(field))
        if cells.cell("days_past_due"):
            payload["days_past_due"] = clean_integer(cells.cell("days_past_due"))
        if cells.cell("status"):
            payload["status"] = normalise_status(cells.cell("status"))
        if cells.cell("collector"):
            collector = self.collectors.find(cells.cell("collector"))
            if collector is None:
                problems.append(Problem(line, cells.header_of("collector"),
                                        "No active collector has this email or name.", cells.cell("collector")))
            else:
                payload["assigned_to"] = collector
        for field, clean in (("due_on", _iso_date), ("next_due_on", _iso_date),
                             ("payment_frequency", normalise_frequency), ("language", normalise_language)):
            if cells.cell(field):
                try:
                    payload[field] = clean(cells.cell(field))
                except BadValue as exc:
                    problems.append(Problem(line, cells.header_of(field), str(exc), cells.cell(field)))
        return payload, sources, problems

    def _blame(self, cells: Cells, sources: dict, path: tuple) -> tuple[str, str]:
        """The CSV header and cell behind a schema error path such as ('phones', 0, 'number')."""
        top = path[0] if path else "number"
        if top in ("first_name", "last_name"):
            field = sources["name"][top]
        elif top == "phones" and len(path) > 1 and isinstance(path[1], int):
            field = sources["phones"][path[1]]
        elif top == "emails":
            field = "email"
        elif top == "address" and len(path) > 1:
            field = dict((key, f) for f, key in ADDRESS_COLUMNS).get(path[1], "address_line1")
        elif top == "vehicle" and "vehicle" not in cells.columns:
            field = "vehicle_model"
        else:
            field = top
        return cells.header_of(field), cells.cell(field)


def _names(cells: Cells) -> tuple[str, str, dict]:
    """First and last name from their own columns, else split from a single name column."""
    first, last = cells.cell("first_name"), cells.cell("last_name")
    source = {"first_name": "first_name", "last_name": "last_name"}
    if (not first or not last) and cells.cell("customer_name"):
        split_first, split_last = split_name(cells.cell("customer_name"))
        if not first:
            first, source["first_name"] = split_first, "customer_name"
        if not last:
            last, source["last_name"] = split_last, "customer_name"
    return first, last, source


def _one_per_column(problems: list[Problem]) -> list[Problem]:
    """A missing number is reported once, not again by the schema's length rule."""
    seen, kept = set(), []
    for problem in problems:
        if problem.column not in seen:
            seen.add(problem.column)
            kept.append(problem)
    return kept


def _unique_phones(phones: list[dict]) -> list[dict]:
    """The same number in two columns is one phone, labelled by the first column."""
    seen, unique = set(), []
    for phone in phones:
        if phone["number"] not in seen:
            seen.add(phone["number"])
            unique.append(phone)
    return unique


def _iso_date(text: str) -> str:
    return parse_date(text).isoformat()
