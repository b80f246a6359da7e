"""The wording of every text the desk writes by itself, in English and Spanish, in one place.

A confirmation only confirms the opt-out (FCC 2024: no marketing, nothing else); a HELP answer
names the dealer and the number to call when the admin set them (settings dealer_name and
dealer_phone).
"""
from desk import settings
from desk.compliance.sms_consent import Keyword
from desk.extensions import db
from models import LANGUAGES, Account

OPT_OUT_CONFIRMATION = "opt_out_confirmation"
HELP = "help"

WORDING = {
    OPT_OUT_CONFIRMATION: {
        "en": "{dealer}You are unsubscribed and will receive no more texts from this number.",
        "es": "{dealer}Se ha dado de baja y no recibirá más mensajes de este número.",
    },
    HELP: {
        "en": "{dealer}{call}Reply STOP to stop texts.",
        "es": "{dealer}{call}Responda BAJA para no recibir más mensajes.",
    },
}
CALL_US = {"en": "For help, call {phone}. ", "es": "Para ayuda, llame al {phone}. "}
NO_PHONE = {"en": "For help, reply with your question. ", "es": "Para ayuda, responda con su pregunta. "}


def text(key: str, language: str) -> str:
    """The automatic text `key` in `language` ("en" when it has no such version)."""
    language = language if language in LANGUAGES else "en"
    dealer = str(settings.get("dealer_name") or "").strip()
    phone = str(settings.get("dealer_phone") or "").strip()
    call = CALL_US[language].format(phone=phone) if phone else NO_PHONE[language]
    return WORDING[key][language].format(dealer=f"{dealer}: " if dealer else "", call=call)


def customer_language(keyword: Keyword | None = None, account_id: int | None = None) -> str:
    """The language to answer a customer in: Spanish when they wrote a Spanish keyword, else the
    account's preferred language, else English."""
    if keyword is not None and keyword.language == "es":
        return "es"
    account = db.session.get(Account, account_id) if account_id else None
    return account.language if account is not None else "en"
