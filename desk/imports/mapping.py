"""Which CSV column feeds which field: header aliases, and mapping files for other exports.

Headers are compared after lower-casing and dropping everything but letters and digits,
with "#" read as "no", so "Account #", "Acct No" and "account_number" all match.
"""
import json
import re
import tomllib

from desk.imports.reading import ImportFileError
from desk.schemas.fields import UNSTORABLE, UNSTORABLE_MESSAGE

ACCOUNT_ALIASES = {
    "number": ["account number", "account no", "account #", "acct no", "acct #", "acct number",
               "account", "acct", "account id", "loan number", "loan no", "loan #", "loan id",
               "contract number", "contract no", "deal number", "deal no", "deal #"],
    "first_name": ["first name", "first", "fname", "customer first name", "buyer first name"],
    "last_name": ["last name", "last", "lname", "surname", "customer last name", "buyer last name"],
    "customer_name": ["customer name", "customer", "name", "buyer name", "buyer", "full name",
                      "borrower", "borrower name"],
    "mobile_phone": ["mobile phone", "mobile", "cell phone", "cell", "cell number", "mobile number",
                     "phone", "phone number", "primary phone", "customer phone"],
    "home_phone": ["home phone", "home", "home number", "residence phone"],
    "work_phone": ["work phone", "work", "work number", "employer phone", "business phone"],
    "cobuyer_phone": ["co-buyer phone", "cobuyer phone", "co buyer phone", "co-buyer cell",
                      "cobuyer cell", "co-applicant phone", "coapplicant phone"],
    "reference_phone": ["reference phone", "reference 1 phone", "ref phone", "ref 1 phone",
                        "reference phone 1", "personal reference phone"],
    "email": ["email", "e-mail", "email address", "e-mail address", "customer email"],
    "address_line1": ["address", "address 1", "address line 1", "address1", "street",
                      "street address", "addr1", "line 1"],
    "city": ["city", "town"],
    "state": ["state", "st", "province"],
    "zip": ["zip", "zip code", "zipcode", "postal code", "postcode", "zip5"],
    "vehicle": ["vehicle", "vehicle description", "car", "unit", "year make model", "ymm"],
    "vehicle_year": ["year", "vehicle year", "model year"],
    "vehicle_make": ["make", "vehicle make"],
    "vehicle_model": ["model", "vehicle model"],
    "balance": ["balance", "current balance", "principal balance", "payoff", "amount owed",
                "balance due", "total balance"],
    "amount_due": ["amount due", "payment due", "past due amount", "amount past due", "due amount"],
    "payment_amount": ["payment amount", "regular payment", "scheduled payment", "installment amount",
                       "installment", "pmt amount"],
    "payment_frequency": ["payment frequency", "frequency", "pay frequency", "payment schedule", "pay schedule",
                          "schedule", "terms"],
    "next_due_on": ["next scheduled date", "next scheduled payment", "next installment date", "upcoming due date",
                    "next scheduled due"],
    "as_of": ["as of", "as of date", "report date", "export date", "balance date"],
    "due_on": ["due date", "next due date", "next due", "payment due date", "due on", "next payment date"],
    "days_past_due": ["days past due", "days late", "dpd", "days delinquent", "days overdue"],
    "status": ["status", "account status", "loan status"],
    "prerecorded_consent": ["prerecorded consent", "prerecorded call consent", "consent to prerecorded calls",
                            "robocall consent", "automated call consent", "tcpa consent", "autodial consent"],
    "prerecorded_consent_date": ["prerecorded consent date", "prerecorded consent on", "tcpa consent date",
                                 "consent date"],
    "prerecorded_consent_how": ["prerecorded consent how", "prerecorded consent source", "prerecorded consent method",
                                "tcpa consent source", "consent how", "consent source", "consent method"],
    "language": ["language", "preferred language", "customer language", "lang", "idioma"],
    "do_not_call": ["do not call", "dnc", "do not call flag", "dnc flag", "no calls", "cease calls",
                    "call opt out", "stop calling"],
    "collector": ["collector", "collector email", "collector name", "assigned to", "assigned collector",
                  "collections rep", "rep"],
}

PAYMENT_ALIASES = {
    "number": ACCOUNT_ALIASES["number"],
    "amount": ["amount", "payment amount", "amount paid", "paid", "payment", "total paid", "receipt amount"],
    "paid_on": ["date", "payment date", "paid on", "date paid", "paid date", "posted date", "post date",
                "receipt date", "transaction date"],
    "reference": ["reference", "ref", "ref #", "reference number", "receipt number", "receipt #",
                  "receipt no", "transaction id", "confirmation", "confirmation number", "check number"],
}

ALIASES = {"accounts": ACCOUNT_ALIASES, "payments": PAYMENT_ALIASES}


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower().replace("#", "no"))


def required_fields(kind: str) -> list[list[str]]:
    """Each inner list is satisfied by any one of its fields being mapped."""
    if kind == "accounts":
        return [["number"], ["first_name", "customer_name"], ["last_name", "customer_name"]]
    return [["number"], ["amount"], ["paid_on"]]


def load_mapping_file(data: bytes, filename: str = "") -> dict:
    """A mapping file, JSON or TOML: {"columns": {"field": "Header" or ["Header", ...]}}."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError("The mapping file must be UTF-8 text.") from exc
    as_json = filename.lower().endswith(".json") or text.lstrip().startswith("{")
    try:
        parsed = json.loads(text) if as_json else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ImportFileError(f"The mapping file is not valid {'JSON' if as_json else 'TOML'}: {exc}") from exc
    return check_mapping(parsed)


def check_mapping(parsed) -> dict:
    """The mapping's columns as {field: [headers]}; unknown fields are refused."""
    columns = parsed.get("columns") if isinstance(parsed, dict) else None
    if not isinstance(columns, dict):
        raise ImportFileError('The mapping file needs a "columns" table of field = "CSV header".')
    known = set(ACCOUNT_ALIASES) | set(PAYMENT_ALIASES)
    result = {}
    for field, headers in columns.items():
        if field not in known:
            raise ImportFileError(f"Unknown field {field!r} in the mapping file; "
                                  f"known fields: {', '.join(sorted(known))}.")
        headers = [headers] if isinstance(headers, str) else headers
        if not isinstance(headers, list) or not all(isinstance(h, str) and h.strip() for h in headers):
            raise ImportFileError(f"Field {field!r} in the mapping file must name a header or a list of headers.")
        if any(UNSTORABLE.search(h) for h in headers):
            raise ImportFileError(f"Field {field!r} in the mapping file names a header with a NUL or a lone "
                                  "surrogate character.", {"mapping": [UNSTORABLE_MESSAGE]})
        result[field] = headers
    return {"columns": result}


def resolve_columns(kind: str, header: list[str], mapping: dict | None = None) -> dict[str, int]:
    """{field: column index} for this file; a missing required column is an ImportFileError."""
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(normalise(name), index)
    explicit = (mapping or {}).get("columns", {})
    resolved = {}
    for field, aliases in ALIASES[kind].items():
        candidates = explicit.get(field) or []
        for name in list(candidates) + ([] if field in explicit else aliases):
            if normalise(name) in by_name:
                resolved[field] = by_name[normalise(name)]
                break
        if field in explicit and field not in resolved:
            raise ImportFileError(f"The mapping names {candidates!r} for {field}, "
                                  "but the file has no such column.")
    _drop_shadowed(resolved)
    missing = [" or ".join(group) for group in required_fields(kind)
               if not any(f in resolved for f in group)]
    if missing:
        raise ImportFileError(f"Missing required column(s): {'; '.join(missing)}. "
                              f"Columns found: {', '.join(header) or 'none'}.", {"columns": missing})
    return resolved


def _drop_shadowed(resolved: dict[str, int]) -> None:
    """One column feeds one field: a column already taken by an earlier field is not reused."""
    taken: set[int] = set()
    for field in list(resolved):
        if resolved[field] in taken:
            del resolved[field]
        else:
            taken.add(resolved[field])
