"""The DMS file's consents: read from a row's cells, then recorded in the consent ledger once the
accounts are saved.

Consent to prerecorded messages, for the row's mobile phone (else its first phone): a blank
"prerecorded consent" cell keeps what the desk has; yes gives it (as of the row's consent date,
how the file says or "dms_import"); no withdraws it.

"Do not call", for every phone of the row: yes records that the customer asked not to be called
(how "dms_import"); no and blank keep what the desk has, since a stale "no" in the dealer's system
must not undo a request the desk recorded (an admin allows calls again on the account page)."""
from datetime import UTC, datetime, time

from sqlalchemy import select

from desk.compliance.call_consent import set_call_opt_out
from desk.compliance.prerecorded_consent import set_prerecorded_consent
from desk.extensions import db
from desk.imports.rows import Cells, GoodRow, Problem
from desk.imports.values import BadValue, parse_date
from models import CONSENT_HOWS, Account, Phone

YES = {"yes", "y", "true", "t", "1", "x", "si", "consent", "consented", "given"}
NO = {"no", "n", "false", "f", "0", "none", "withdrawn", "revoked"}
HOW_ALIASES = {"credit app": "credit_application", "application": "credit_application",
               "credit application": "credit_application", "phone": "verbal", "oral": "verbal",
               "sms": "text", "texted": "text", "web": "website", "online": "website", "paper": "written",
               "signed": "written"}
DEFAULT_HOW = "dms_import"


def read_consent(cells: Cells, line: int, problems: list[Problem]) -> dict | None:
    """{"given", "at", "how"} from the row's consent cells, None when the cell is blank."""
    answer = _yes_or_no(cells, "prerecorded_consent", line, problems)
    if answer is None:
        return None
    consent = {"given": answer, "at": None, "how": _how(cells, line, problems)}
    if cells.cell("prerecorded_consent_date"):
        try:
            consent["at"] = parse_date(cells.cell("prerecorded_consent_date"))
        except BadValue as exc:
            problems.append(Problem(line, cells.header_of("prerecorded_consent_date"), str(exc),
                                    cells.cell("prerecorded_consent_date")))
    return consent


def read_do_not_call(cells: Cells, line: int, problems: list[Problem]) -> bool:
    """True when the row's "do not call" cell says yes; no and blank are False."""
    return _yes_or_no(cells, "do_not_call", line, problems) is True


def _yes_or_no(cells: Cells, field: str, line: int, problems: list[Problem]) -> bool | None:
    """The cell as True (yes) or False (no); None when it is blank or says neither (a problem)."""
    raw = cells.cell(field)
    if not raw:
        return None
    answer = raw.strip().lower()
    if answer not in YES | NO:
        problems.append(Problem(line, cells.header_of(field), "Must be yes or no.", raw))
        return None
    return answer in YES


def _how(cells: Cells, line: int, problems: list[Problem]) -> str:
    raw = cells.cell("prerecorded_consent_how")
    if not raw:
        return DEFAULT_HOW
    words = " ".join(raw.lower().replace("_", " ").replace("-", " ").split())
    how = HOW_ALIASES.get(words, words.replace(" ", "_"))
    if how not in CONSENT_HOWS:
        problems.append(Problem(line, cells.header_of("prerecorded_consent_how"),
                                f"Must be one of: {', '.join(CONSENT_HOWS)}.", raw))
        return DEFAULT_HOW
    return how


def apply_consents(rows: list[GoodRow]) -> None:
    """Record the consents and do-not-call requests of saved rows on their phones (nothing when a
    phone already has the same state, so importing the same file again adds no ledger entry)."""
    wanted = [(row.data["number"], row.data["prerecorded_consent"]) for row in rows
              if row.data.get("prerecorded_consent")]
    do_not_call = [(row.data["number"], number) for row in rows for number in row.data.get("do_not_call", ())]
    if not wanted and not do_not_call:
        return
    db.session.flush()
    phones = {(number, phone.number): phone for number, phone in db.session.execute(
        select(Account.number, Phone).join(Phone, Phone.account_id == Account.id)
        .where(Account.number.in_({number for number, _ in wanted + do_not_call}))).all()}
    for number, consent in wanted:
        phone = phones.get((number, consent["phone"]))
        if phone is not None:
            at = datetime.combine(consent["at"], time(12), tzinfo=UTC) if consent["at"] else None
            set_prerecorded_consent(phone, consent["given"], consent["how"], at=at, words="DMS import")
    for key in do_not_call:
        if key in phones:
            set_call_opt_out(phones[key], True, "dms_import", words="DMS import: do not call")
