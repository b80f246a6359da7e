"""Which of an account's past contacts the frequency rules count (docs/compliance.md, "What
counts"): one definition of a call that reached out to the customer and of a text sent, for the
national call-attempts rule and the state rules alike."""
from datetime import datetime

from desk.extensions import db
from models import Account, Call, Message
from models.calls import NEVER_ANSWERED


def call_attempts(account: Account, since: datetime):
    """The account's outbound calls since `since` that reached out to the customer: every one
    but a collector's leg that ended before the customer was dialled (Call.collector_missed)."""
    collector_missed = db.and_(Call.status.in_(NEVER_ANSWERED), Call.customer_sid.is_(None))
    return db.select(Call.created_at, Call.to_number).where(
        Call.account_id == account.id, Call.direction == "outbound", Call.created_at >= since, ~collector_missed)


def texts_sent(account: Account, since: datetime):
    """The account's outbound texts since `since`, queued or sent: every one but a text Twilio
    refused before sending it (failed with no Twilio sid) and the desk's automatic answers to the
    customer's own keyword (the opt-out confirmation, the HELP answer: Message.auto_text)."""
    refused = db.and_(Message.status == "failed", Message.twilio_sid.is_(None))
    return db.select(Message.created_at, Message.to_number).where(
        Message.account_id == account.id, Message.direction == "outbound", Message.created_at >= since, ~refused,
        Message.auto_text.is_(None))


def telephone_contacts(account: Account, kind: str, since: datetime) -> list[datetime]:
    """When the account's calls and texts since `since` went to numbers of this kind, oldest
    first. A number no longer on the account counts as personal."""
    kinds = {p.number: p.kind for p in account.phones}
    rows = [*db.session.execute(call_attempts(account, since)), *db.session.execute(texts_sent(account, since))]
    return sorted(at for at, number in rows if kinds.get(number, "personal") == kind)
