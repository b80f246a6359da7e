"""SMS conversations: the unmatched inbox and linking a conversation to an account."""
from flask_login import current_user

from api import bp
from api.openapi import EXTRA_OPERATIONS
from api.util import args, body, listing
from desk.accounts.records import get_account
from desk.errors import Invalid, NotFound
from desk.extensions import db
from desk.schemas.sms import ConversationLinkIn, ConversationListArgs, ConversationOut, MessageOut
from desk.sms.conversations import conversation_messages, get_conversation, link_conversation, list_conversations

EXTRA_OPERATIONS.extend([
    ("/conversations", "get", "SMS conversations (unmatched=1: the unmatched inbox)", None, ConversationOut,
     200, True),
    ("/conversations/{conversation_id}/messages", "get", "A conversation's texts, oldest first", None,
     MessageOut, 200, True),
    ("/conversations/{conversation_id}/link", "post", "Link a conversation and its history to an account",
     ConversationLinkIn, ConversationOut, 200, False),
])


@bp.get("/conversations")
def conversations():
    query = args(ConversationListArgs())
    rows, next_cursor = list_conversations(query["unmatched"], query["limit"], query["cursor"])
    return listing(ConversationOut(), rows, next_cursor)


@bp.post("/conversations/<int:conversation_id>/link")
def link(conversation_id: int):
    conversation = get_conversation(conversation_id)
    data = body(ConversationLinkIn())
    try:
        account = get_account(data["account_id"])
    except NotFound as exc:
        raise Invalid(exc.message, {"account_id": ["No such account."]}) from exc
    target = link_conversation(conversation, account, current_user)
    db.session.commit()
    return ConversationOut().dump(target)


@bp.get("/conversations/<int:conversation_id>/messages")
def messages_of_conversation(conversation_id: int):
    rows = conversation_messages(get_conversation(conversation_id))
    return {"items": MessageOut().dump(rows, many=True), "next": None}
