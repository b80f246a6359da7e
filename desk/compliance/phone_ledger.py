"""What every consent change on one customer phone writes, whatever the channel: an entry in
the consent ledger (ConsentEvent) and a line on the account's timeline, by the same person at
the same moment. The callers keep their own Phone mirror columns."""
from datetime import datetime

from desk.errors import NotFound
from desk.extensions import db
from desk.timeline import log_system
from models import Account, ConsentEvent, Phone, User

WORDS_KEPT = 1600  # characters of the customer's own words a ledger entry keeps


def customer_words(words: str | None) -> str | None:
    """What the customer said, trimmed to what the ledger keeps; None when nothing was."""
    return (words or "").strip()[:WORDS_KEPT] or None


def record_phone_consent(phone: Phone, channel: str, opted_in: bool, how: str, line: str, *,
                         user: User | None, words: str | None, now: datetime) -> None:
    """The ledger entry (opt_in or opt_out on `channel`) and the timeline `line`. `words` are as
    customer_words gives them: the caller trims them once (set_call_opt_out quotes them in its line)."""
    by = user.id if user else None
    db.session.add(ConsentEvent(channel=channel, action="opt_in" if opted_in else "opt_out",
                                phone_number=phone.number, account_id=phone.account_id, how=how,
                                words=words, by_user_id=by, created_at=now))
    log_system(phone.account_id, "system", line, created_by_id=by)


def account_phone(account: Account, phone_id: int) -> Phone:
    """One of the account's phones by id, else NotFound."""
    for phone in account.phones:
        if phone.id == phone_id:
            return phone
    raise NotFound(f"Account {account.number} has no phone {phone_id}.")
