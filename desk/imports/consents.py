"""The DMS file's consent to prerecorded messages: read from a row's cells, then recorded in the
consent ledger for the row's mobile phone (else its first phone) once the accounts are saved.

A blank "prerecorded consent" cell keeps what the desk has; yes gives it (as of the row's
consent date, how the file says or "dms_import"); no withdraws it."""
from datetime import UTC, datetime, time

from sqlalchemy import select

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
    raw = cells.cell("prerecorded_consent")
    if not raw:
        return None
    answer = raw.strip().lower()
    if answer not in YES | NO:
        problems.append(Problem(line, cells.header_of("prerecorded_consent"), "Must be yes or no.", raw))
        return None
    consent = {"given": answer in YES, "at": None, "how": _how(cells, line, problems)}
    if cells.cell("prerecorded_consent_date"):
        try:
            consent["at"] = parse_date(cells.cell("prerecorded_consent_date"))
        except BadValue as exc:
            problems.append(Problem(line, cells.header_of("prerecorded_consent_date"), str(exc),
                                    cells.cell("prerecorded_consent_date")))
    return consent


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
    """Record the consents of saved rows on their phones (nothing when a phone already has the
    same state, so importing the same file again adds no ledger entry)."""
    wanted = [(row.data["number"], row.data["prerecorded_consent"]) for row in rows
              if row.data.get("prerecorded_consent")]
    if not wanted:
        return
    db.session.flush()
    phones = {(number, phone.number): phone for number, phone in db.session.execute(
        select(Account.number, Phone).join(Phone, Phone.account_id == Account.id)
        .where(Account.number.in_({number for number, _ in wanted}))).all()}
    for number, consent in wanted:
        phone = phones.get((number, consent["phone"]))
        if phone is not None:
            at = datetime.combine(consent["at"], time(12), tzinfo=UTC) if consent["at"] else None
            set_prerecorded_consent(phone, consent["given"], consent["how"], at=at, words="DMS import")
