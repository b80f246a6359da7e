"""Consent to prerecorded or artificial-voice messages (a voicemail drop), per customer phone.

The TCPA wants prior consent before such a message reaches a cell phone. The consent is kept
in the same ledger as the opt-outs (ConsentEvent, channel "automated": opt_in = given,
opt_out = withdrawn); Phone.prerecorded_consent_at/how mirror the latest entry.
"""
from datetime import datetime

from desk.accounts.phones import pretty
from desk.compliance.phone_ledger import account_phone, customer_words, record_phone_consent
from models import Account, Phone, User, utcnow

CHANNEL = "automated"
HOW_LABELS = {"credit_application": "credit application", "verbal": "verbally", "text": "by text",
              "written": "in writing", "website": "on the website", "dms_import": "per the DMS import",
              "other": "other"}


def set_prerecorded_consent(phone: Phone, given: bool, how: str, user: User | None = None,
                            at: datetime | None = None, words: str | None = None) -> bool:
    """Record consent given or withdrawn for this phone (ledger entry, mirror, timeline line).
    `at` is when it was given (a date from the DMS), else now; `how` is one of models.CONSENT_HOWS.
    False when nothing changes."""
    if given == phone.prerecorded_consent and (not given or phone.prerecorded_consent_how == how):
        return False
    now = utcnow()
    phone.prerecorded_consent_at = (at or now) if given else None
    phone.prerecorded_consent_how = how if given else None
    state = "given" if given else "withdrawn"
    record_phone_consent(phone, CHANNEL, given, how,
                         f"Consent to prerecorded messages to {pretty(phone.number)} {state} "
                         f"({HOW_LABELS.get(how, how)}).", user=user, words=customer_words(words), now=now)
    return True


def change_prerecorded_consent(account: Account, phone_id: int, data: dict, user: User) -> Phone:
    """A person records consent given or withdrawn ({given, how}) for one phone of the account."""
    phone = account_phone(account, phone_id)
    set_prerecorded_consent(phone, data["given"], data["how"], user)
    return phone
