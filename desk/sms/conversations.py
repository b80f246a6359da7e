"""SMS conversations: one per (account, customer number), or unmatched (no account yet).

An account's thread is every message of all its conversations, oldest first. Inbound texts are
threaded by the sender's number against every phone of every account.
"""
from datetime import UTC, datetime

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.orm import selectinload

from desk import paging
from desk.accounts.phones import pretty
from desk.errors import Conflict, get_or_404
from desk.extensions import db
from desk.timeline import log_system
from models import Account, Activity, Attachment, Conversation, Message, Phone, User, utcnow

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PHONES, CONVERSATIONS = Phone.__table__, Conversation.__table__
_COUNT_UNREAD = (update(CONVERSATIONS).where(CONVERSATIONS.c.id == bindparam("conversation_id"))
                 .values(unread_count=CONVERSATIONS.c.unread_count + 1, last_message_at=bindparam("at")))


def conversation_for(account_id: int | None, number: str) -> Conversation:
    """The conversation of this account (or the unmatched one) with this number; made if new.
    On PostgreSQL a transaction lock per number makes two texts arriving at once find one
    conversation instead of making two."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"conversation:{number}"))))
    found = db.session.execute(select(Conversation).where(
        Conversation.account_id.is_(None) if account_id is None else Conversation.account_id == account_id,
        Conversation.phone_number == number).order_by(Conversation.id).limit(1)).scalar_one_or_none()
    if found is None:
        found = Conversation(account_id=account_id, phone_number=number, created_at=utcnow())
        db.session.add(found)
        db.session.flush()
    return found


def get_conversation(conversation_id: int) -> Conversation:
    return get_or_404(Conversation, conversation_id)


def _last_contact(account_id: int, number: str) -> tuple:
    """Sort key: last message with this number on the account, then last activity, then last change."""
    last_message = db.session.scalar(select(func.max(Message.created_at)).join(Conversation).where(
        Message.account_id == account_id, Conversation.phone_number == number))
    last_activity = db.session.scalar(select(func.max(Activity.created_at)).where(
        Activity.account_id == account_id))
    return tuple(_aware(v) for v in (last_message, last_activity))


def _aware(value):
    if value is None:
        return EPOCH
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def known_conversation():
    """SELECT (id, account_id) of the conversation a text from :number goes to when exactly one
    account has the number and already has a conversation with it, not marked ambiguous (where
    thread_inbound would put it): no row otherwise. Reads only, takes no lock; meant to be the
    SELECT of an INSERT, so the usual reply is placed and stored in one statement."""
    with_number = PHONES.c.number == bindparam("number", type_=PHONES.c.number.type)
    accounts = select(func.count(PHONES.c.account_id.distinct())).where(with_number).scalar_subquery()
    theirs = CONVERSATIONS.alias("theirs")
    first = (select(func.min(theirs.c.id))
             .join(PHONES, and_(PHONES.c.account_id == theirs.c.account_id, PHONES.c.number == theirs.c.phone_number))
             .where(with_number).scalar_subquery())
    return (select(CONVERSATIONS.c.id, CONVERSATIONS.c.account_id)
            .where(accounts == 1, CONVERSATIONS.c.id == first, CONVERSATIONS.c.ambiguous.is_(False)))


def count_unread(conversation_id: int, at: datetime) -> None:
    """One more unread text, counted in SQL so concurrent texts all count."""
    db.session.execute(_COUNT_UNREAD, {"conversation_id": conversation_id, "at": at})


def thread_inbound(number: str) -> Conversation:
    """Where a text from `number` goes: the account that has the number (the most recently
    contacted one when several do: marked ambiguous), else a conversation already linked for
    the number, else the unmatched inbox."""
    accounts = db.session.execute(select(Account).join(Phone).where(Phone.number == number)
                                  .distinct()).scalars().all()
    if accounts:
        chosen = accounts[0] if len(accounts) == 1 else \
            max(accounts, key=lambda a: (*_last_contact(a.id, number), _aware(a.updated_at), a.id))
        conversation = conversation_for(chosen.id, number)
        conversation.ambiguous = len(accounts) > 1
        return conversation
    linked = db.session.execute(select(Conversation).where(
        Conversation.phone_number == number, Conversation.account_id.is_not(None))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc()).limit(1)).scalar_one_or_none()
    return linked or conversation_for(None, number)


def account_messages(account: Account, limit: int = 50, cursor: str | None = None):
    """The account's whole SMS thread, oldest first; (rows, next cursor)."""
    query = (select(Message).where(Message.account_id == account.id)
             .options(selectinload(Message.media)))
    return paging.page(db.session, query, [Message.created_at, Message.id], limit, cursor,
                       key=lambda m: [m.created_at, m.id], kinds=[paging.instant, paging.whole])


def latest_messages(account: Account, limit: int = 200) -> tuple[list[Message], bool]:
    """The account's most recent texts, oldest first, and whether older ones exist."""
    rows = db.session.execute(
        select(Message).where(Message.account_id == account.id).options(selectinload(Message.media))
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(limit + 1)).scalars().all()
    return rows[:limit][::-1], len(rows) > limit


def account_conversations(account_id: int) -> list[Conversation]:
    return db.session.execute(select(Conversation).where(Conversation.account_id == account_id)
                              .order_by(Conversation.id)).scalars().all()


def mark_read(account_id: int) -> bool:
    """The collector looked at the account's thread: its unread counts go to zero. Returns
    whether anything changed (the page polls every second; an idle poll writes nothing)."""
    unread = db.session.execute(select(Conversation.id).where(
        Conversation.account_id == account_id, Conversation.unread_count > 0)).scalars().all()
    if unread:
        db.session.execute(update(Conversation).where(Conversation.id.in_(unread)).values(unread_count=0))
    return bool(unread)


def unread_by_account(account_ids: list[int]) -> dict[int, int]:
    if not account_ids:
        return {}
    rows = db.session.execute(select(Conversation.account_id, func.sum(Conversation.unread_count))
                              .where(Conversation.account_id.in_(account_ids))
                              .group_by(Conversation.account_id)).all()
    return {account_id: int(total or 0) for account_id, total in rows if total}


def unmatched_count() -> int:
    """Unmatched conversations with texts nobody has read."""
    return db.session.scalar(select(func.count(Conversation.id)).where(
        Conversation.account_id.is_(None), Conversation.unread_count > 0)) or 0


def list_conversations(unmatched: bool = False, limit: int = 50, cursor: str | None = None):
    """Conversations, most recent first; only the unmatched inbox when asked."""
    query = select(Conversation)
    if unmatched:
        query = query.where(Conversation.account_id.is_(None))
    return paging.page(db.session, query, [Conversation.id], limit, cursor, key=lambda c: [c.id],
                       kinds=[paging.whole], descending=True)


def conversation_messages(conversation: Conversation) -> list[Message]:
    return db.session.execute(select(Message).where(Message.conversation_id == conversation.id)
                              .options(selectinload(Message.media))
                              .order_by(Message.created_at, Message.id)).scalars().all()


def link_conversation(conversation: Conversation, account: Account, user: User) -> Conversation:
    """Move an unmatched conversation, or the customer's texts of an ambiguous one, to an account
    with their history (files too); each moved text becomes an sms activity on the account.
    Texts the desk sent stay with the account they were sent from. Later texts follow the link."""
    if conversation.account_id is not None and not conversation.ambiguous:
        raise Conflict("This conversation already belongs to an account.",
                       {"conversation": ["Already linked."]})
    if conversation.account_id == account.id:
        conversation.ambiguous = False
        return conversation
    target = _target_for(conversation, account)
    moving = [m for m in conversation_messages(conversation)
              if target is conversation or m.direction == "inbound"]
    for message in moving:
        _move(message, account.id, target.id)
    if target is not conversation:
        target.unread_count += conversation.unread_count
        conversation.unread_count = 0
        target.last_message_at = max(filter(None, [target.last_message_at, conversation.last_message_at]))
    target.ambiguous = conversation.ambiguous = False
    log_system(account.id, "system", f"{user.name} linked the texts of {pretty(conversation.phone_number)} "
               f"({len(moving)} messages) to this account.", created_by_id=user.id)
    db.session.flush()
    return target


def _move(message: Message, account_id: int, conversation_id: int) -> None:
    message.account_id, message.conversation_id = account_id, conversation_id
    for item in message.media:
        if item.attachment_id:
            db.session.get(Attachment, item.attachment_id).account_id = account_id
    log_system(account_id, "sms", describe(message), message_id=message.id)


def _target_for(conversation: Conversation, account: Account) -> Conversation:
    """An unmatched conversation becomes the account's, unless the account already has one for
    the number; an ambiguous one hands its customer texts to the account's own conversation."""
    existing = db.session.execute(select(Conversation).where(
        Conversation.account_id == account.id, Conversation.phone_number == conversation.phone_number,
        Conversation.id != conversation.id)).scalar_one_or_none()
    if existing is not None:
        return existing
    if conversation.account_id is not None:
        return conversation_for(account.id, conversation.phone_number)
    conversation.account_id = account.id
    return conversation


def describe(message: Message) -> str:
    """The timeline line for a message."""
    number = message.from_number if message.direction == "inbound" else message.to_number
    return timeline_line(message.direction, number, message.body, len(message.media))


def timeline_line(direction: str, number: str, body: str, media_count: int) -> str:
    media = f" [+{media_count} file(s)]" if media_count else ""
    if direction == "inbound":
        return f"SMS from {pretty(number)}: {body}{media}"
    return f"SMS to {pretty(number)}: {body}{media}"
