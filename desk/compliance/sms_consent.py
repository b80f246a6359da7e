"""The desk's own SMS opt-out ledger, per customer phone number.

Twilio blocks sends after STOP per (customer, our number) only; the desk keeps its own record on
every account that has the number: Phone.sms_opted_out_at/how mirror the latest ConsentEvent.
"""
import re

from sqlalchemy import select

from desk.accounts.phones import pretty
from desk.extensions import db
from desk.timeline import log_system
from models import ConsentEvent, Phone, User, utcnow

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
START_WORDS = {"START", "UNSTOP", "YES"}
HELP_WORDS = {"HELP", "INFO"}

# Free text that asks us to stop texting; a collector confirms before anything changes.
STOP_REQUEST = re.compile(
    r"\b(stop|quit|no more|don'?t|do not|never)\b.{0,30}\b(text|texting|texts|messag\w*|sms|contact\w*)"
    r"|\b(unsubscribe|opt me out|remove me|take me off)\b",
    re.IGNORECASE | re.DOTALL)


def keyword(body: str | None) -> str | None:
    """'opt_out', 'opt_in' or 'help' when the whole message is one keyword (trimmed, any case)."""
    word = (body or "").strip().upper()
    if word in STOP_WORDS:
        return "opt_out"
    if word in START_WORDS:
        return "opt_in"
    if word in HELP_WORDS:
        return "help"
    return None


def asks_to_stop(body: str | None) -> bool:
    """True for free text such as 'please stop texting me' (not a keyword)."""
    return keyword(body) is None and bool(STOP_REQUEST.search(body or ""))


def phones_with(number: str) -> list[Phone]:
    return db.session.execute(select(Phone).where(Phone.number == number).order_by(Phone.id)).scalars().all()


def record_sms_consent(number: str, action: str, how: str, words: str | None = None,
                       user: User | None = None) -> list[Phone]:
    """Apply an opt_out / opt_in / help to every phone with this number, one ledger entry per
    account (one without an account when no account has the number). Returns the phones."""
    phones = phones_with(number)
    now = utcnow()
    for phone in phones:
        if action == "opt_out" and not phone.sms_opt_out:
            phone.sms_opted_out_at, phone.sms_opt_out_how = now, how[:200]
        elif action == "opt_in" and phone.sms_opt_out:
            phone.sms_opted_out_at, phone.sms_opt_out_how = None, None
    account_ids = sorted({p.account_id for p in phones}) or [None]
    for account_id in account_ids:
        db.session.add(ConsentEvent(channel="sms", action=action, phone_number=number, account_id=account_id,
                                    how=how[:200], words=(words or None) and words[:1600],
                                    by_user_id=user.id if user else None, created_at=now))
        if account_id is not None and action in ("opt_out", "opt_in"):
            state = "off" if action == "opt_out" else "back on"
            log_system(account_id, "system", f"Texts to {pretty(number)} are {state} ({how}).",
                       created_by_id=user.id if user else None)
    return phones
