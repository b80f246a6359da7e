"""SMS conversations: the unmatched inbox and linking a conversation to an account."""
from flask_login import current_user

from api import bp
from api.util import finds, page
from desk.accounts.records import get_account
from desk.errors import Invalid, NotFound
from desk.extensions import db
from desk.schemas.records import page_of
from desk.schemas.sms import ConversationLinkIn, ConversationListArgs, ConversationOut, MessageOut
from desk.sms.conversations import conversation_messages, get_conversation, link_conversation, list_conversations


@bp.get("/conversations")
@bp.arguments(ConversationListArgs, location="query")
@bp.response(200, page_of(ConversationOut))
def conversations(query):
    """SMS conversations (unmatched=1: the unmatched inbox)"""
    return page(*list_conversations(query["unmatched"], query["limit"], query["cursor"]))


@bp.post("/conversations/<int:conversation_id>/link")
@finds(conversation=get_conversation)
@bp.arguments(ConversationLinkIn)
@bp.response(200, ConversationOut)
@bp.refuses(409)
def link(data, conversation):
    """Link a conversation and its history to an account"""
    try:
        account = get_account(data["account_id"])
    except NotFound as exc:
        raise Invalid(exc.message, {"account_id": ["No such account."]}) from exc
    target = link_conversation(conversation, account, current_user)
    db.session.commit()
    return target


@bp.get("/conversations/<int:conversation_id>/messages")
@bp.response(200, page_of(MessageOut))
def messages_of_conversation(conversation_id: int):
    """A conversation's texts, oldest first"""
    return page(conversation_messages(get_conversation(conversation_id)), None)
