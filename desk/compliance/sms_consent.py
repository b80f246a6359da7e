"""The desk's own SMS opt-out ledger, per customer phone number.

Twilio blocks sends after STOP per (customer, our number) only; the desk keeps its own record on
every account that has the number: Phone.sms_opted_out_at/how mirror the latest ConsentEvent.
"""
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from desk.accounts.phones import pretty
from desk.extensions import db
from desk.timeline import log_system
from models import ConsentEvent, Phone, User, utcnow

# Whole-message keywords by language (FCC 2024: revocation by any reasonable means).
STOP_WORDS = {"en": {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"},
              "es": {"ALTO", "PARA", "PARAR", "BAJA", "CANCELAR"}}
START_WORDS = {"en": {"START", "UNSTOP", "YES"}, "es": set()}
HELP_WORDS = {"en": {"HELP", "INFO"}, "es": {"AYUDA"}}
KINDS = (("opt_out", STOP_WORDS), ("opt_in", START_WORDS), ("help", HELP_WORDS))
# What Twilio's default opt-out handling answers by itself (and, after a stop word, it blocks
# every text from our number, the desk's too): the desk writes no automatic text for these.
TWILIO_ANSWERS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
                  "START", "UNSTOP", "YES", "HELP", "INFO"}

# Free text that asks us to stop texting; a collector confirms before anything changes. Read
# without accents and in lower case (plain()).
STOP_REQUEST = re.compile(
    r"\b(stop|quit|no more|don'?t|do not|never)\b.{0,30}\b(text|texting|texts|messag\w*|sms|contact\w*)"
    r"|\b(unsubscribe|opt me out|remove me|take me off)\b"
    # Spanish: "no me manden mensajes", "dejen de escribirme", "ya no quiero mensajes", "denme de baja"
    r"|\bno me (mand|envi|escrib|textee|contact|llam|molest)\w*"
    r"|\b(dejen|deje|deja|dejar|paren|pare|para) de (mand|envi|escrib|textear|contact|llam|molest)\w*"
    r"|\bno (quiero|deseo) (recibir |mas )*(mensajes|textos|llamadas)\b"
    r"|\b(denme|dame|deme|darme|dar) de baja\b",
    re.DOTALL)


@dataclass(frozen=True)
class Keyword:
    kind: str  # opt_out | opt_in | help
    word: str  # as matched: "STOP", "OPT OUT", "BAJA"
    language: str  # "en" | "es": the language of the word
    exact: bool  # the message was the word alone, as Twilio matches it (trimmed, any case)

    @property
    def twilio_answers(self) -> bool:
        """Twilio's own handling answered this message (see TWILIO_ANSWERS)."""
        return self.exact and self.word in TWILIO_ANSWERS


def plain(text: str | None) -> str:
    """Lower case without accents, for matching what customers type ("Bája" reads "baja")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def read_keyword(body: str | None) -> Keyword | None:
    """The keyword when the whole message is one (trimmed, any case, accents and punctuation
    around it ignored: "Stop.", "¡Baja!", "opt-out"), else None."""
    word = re.sub(r"[\s_-]+", " ", plain(body).strip(" \t\r\n.!?¡¿,;:\"'()")).upper()
    for kind, words in KINDS:
        for language, group in words.items():
            if word in group:
                return Keyword(kind, word, language, (body or "").strip().upper() == word)
    return None


def keyword(body: str | None) -> str | None:
    """'opt_out', 'opt_in' or 'help' when the whole message is one keyword (see read_keyword)."""
    found = read_keyword(body)
    return found.kind if found else None


def asks_to_stop(body: str | None) -> bool:
    """True for free text such as 'please stop texting me' or 'dejen de escribirme' (not a keyword)."""
    return keyword(body) is None and bool(STOP_REQUEST.search(plain(body)))


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
