"""Consent to prerecorded or artificial-voice messages (a voicemail drop), per customer phone.

The TCPA wants prior consent before such a message reaches a cell phone. The consent is kept
in the same ledger as the opt-outs (ConsentEvent, channel "automated": opt_in = given,
opt_out = withdrawn); Phone.prerecorded_consent_at/how mirror the latest entry.
"""
from datetime import datetime

from desk.accounts.phones import pretty
from desk.errors import NotFound
from desk.extensions import db
from desk.timeline import log_system
from models import Account, ConsentEvent, Phone, User, utcnow

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
    db.session.add(ConsentEvent(channel=CHANNEL, action="opt_in" if given else "opt_out",
                                phone_number=phone.number, account_id=phone.account_id, how=how,
                                words=(words or None) and words[:1600], by_user_id=user.id if user else None,
                                created_at=now))
    state = "given" if given else "withdrawn"
    log_system(phone.account_id, "system",
               f"Consent to prerecorded messages to {pretty(phone.number)} {state} ({HOW_LABELS.get(how, how)}).",
               created_by_id=user.id if user else None)
    return True


def account_phone(account: Account, phone_id: int) -> Phone:
    """One of the account's phones by id, else NotFound."""
    for phone in account.phones:
        if phone.id == phone_id:
            return phone
    raise NotFound(f"Account {account.number} has no phone {phone_id}.")


def change_prerecorded_consent(account: Account, phone_id: int, data: dict, user: User) -> Phone:
    """A person records consent given or withdrawn ({given, how}) for one phone of the account."""
    phone = account_phone(account, phone_id)
    set_prerecorded_consent(phone, data["given"], data["how"], user)
    return phone
