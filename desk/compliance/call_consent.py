"""A customer's request to stop calling, per phone (FCC 2024: revocation by any reasonable means).

Whoever hears it records it: on a call, by letter, in person, by text. It is kept in the same
ledger as the other opt-outs (ConsentEvent, channel "call": opt_out = asked not to be called,
opt_in = asked to be called again); Phone.call_opted_out_at/how mirror the latest entry, and the
compliance gate refuses a call to such a phone (rule call_opt_out). Only an admin takes one back.
"""
from desk.accounts.phones import pretty
from desk.compliance.phone_ledger import account_phone, customer_words, record_phone_consent
from desk.errors import Forbidden, Invalid
from desk.timeline import record_activity
from models import CALL_OPT_OUT_HOWS, Account, Activity, Phone, User, utcnow

CHANNEL = "call"
HOW_LABELS = {"verbal": "verbally on a call", "written": "in writing", "in_person": "in person",
              "text": "by text", "other": "other", "dms_import": "per the DMS import"}
PERSON_HOWS = tuple(how for how in CALL_OPT_OUT_HOWS if how != "dms_import")  # what a person picks


def how_label(how: str | None) -> str:
    """'verbally on a call' for 'verbal'; free text kept from before is shown as it is."""
    return HOW_LABELS.get(how or "", how or "not recorded")


def set_call_opt_out(phone: Phone, opted_out: bool, how: str, user: User | None = None,
                     words: str | None = None) -> bool:
    """Record that the customer asked not to be called on this phone (opted_out) or to be called
    again: a ledger entry, the Phone mirror, a timeline line. `how` is one of CALL_OPT_OUT_HOWS,
    `words` what the customer said. False when nothing changes."""
    if opted_out == phone.call_opt_out:
        return False
    now = utcnow()
    phone.call_opted_out_at = now if opted_out else None
    phone.call_opt_out_how = how if opted_out else None
    state = ("off: the customer asked not to be called" if opted_out
             else "back on: the customer asked to be called again")
    said = f' They said: "{words}"' if (words := customer_words(words)) else ""
    record_phone_consent(phone, CHANNEL, not opted_out, how,
                         f"Calls to {pretty(phone.number)} are {state} ({how_label(how)}).{said}",
                         user=user, words=words, now=now)
    return True


def check_may_allow_calls(opted_out: bool, user: User) -> None:
    """Taking a request to stop calling back is an admin's decision (the customer's own words
    should be checked first); anyone signed in records one."""
    if not opted_out and not user.is_admin:
        raise Forbidden("Only an admin can allow calls to a number again.",
                        {"opted_out": ["Only an admin can allow calls again."]})


def change_call_opt_out(account: Account, phone_id: int, data: dict, user: User) -> Phone:
    """A person records a request ({opted_out, how, words}) for one phone of the account."""
    phone = account_phone(account, phone_id)
    check_may_allow_calls(data["opted_out"], user)
    set_call_opt_out(phone, data["opted_out"], data["how"], user, data.get("words"))
    return phone


def record_activity_with_opt_out(account: Account, data: dict, user: User | None) -> Activity:
    """Log an activity (desk.timeline.record_activity); when it names a number in `stop_calling`
    ("Customer asked to stop calling" on the Add Activity window or a call's outcome form), the
    request is recorded on that phone too, heard on a call, with the notes as their words."""
    number = data.get("stop_calling")
    phone = next((p for p in account.phones if p.number == number), None) if number else None
    if number and phone is None:
        raise Invalid(f"{number} is not one of this account's phones.",
                      {"stop_calling": ["Not a phone on this account."]})
    activity = record_activity(account, data, user)
    if phone is not None:
        set_call_opt_out(phone, True, "verbal", user, data.get("notes"))
    return activity
