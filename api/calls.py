"""Calls: place one, my disposition prompts, unmatched inbound calls, the softphone token."""
from flask_login import current_user

from api import bp
from api.openapi import EXTRA_OPERATIONS
from api.util import body
from desk.accounts.records import get_account
from desk.calls.inbound import link_call
from desk.calls.outbound import get_call, start_call, unmatched_calls
from desk.calls.prompts import pending_prompts
from desk.errors import Conflict, NotFound
from desk.extensions import db
from desk.schemas.calls import CallIn, CallLinkIn, CallOut, PromptOut, VoiceTokenOut
from telephony import tokens

TOKEN_TTL = 600  # seconds; short-lived, the console asks again when it needs one

EXTRA_OPERATIONS.extend([
    ("/accounts/{account_id}/calls", "post", "Place a call (rings you, then the customer)",
     CallIn, CallOut, 201, False),
    ("/calls/{call_id}", "get", "Read a call", None, CallOut, 200, False),
    ("/calls/unmatched", "get", "Inbound calls from unknown numbers", None, CallOut, 200, True),
    ("/calls/{call_id}/link", "post", "Link an unmatched call to an account", CallLinkIn, CallOut, 200, False),
    ("/prompts", "get", "My calls waiting for a disposition", None, PromptOut, 200, True),
    ("/voice-token", "get", "A softphone access token", None, VoiceTokenOut, 200, False),
])


@bp.post("/accounts/<int:account_id>/calls")
def post_call(account_id: int):
    account = get_account(account_id)
    call = start_call(account, body(CallIn()), current_user)
    return CallOut().dump(call), 201


@bp.get("/calls/<int:call_id>")
def read_call(call_id: int):
    return CallOut().dump(_call(call_id))


@bp.get("/calls/unmatched")
def list_unmatched_calls():
    return {"items": CallOut().dump(unmatched_calls(), many=True), "next": None}


@bp.post("/calls/<int:call_id>/link")
def post_link_call(call_id: int):
    call = _call(call_id)
    link_call(call, get_account(body(CallLinkIn())["account_id"]))
    db.session.commit()
    return CallOut().dump(call)


@bp.get("/prompts")
def list_prompts():
    return {"items": PromptOut().dump(pending_prompts(current_user), many=True), "next": None}


@bp.get("/voice-token")
def voice_token():
    if not tokens.softphone_enabled():
        raise Conflict("The softphone is off (no Twilio API key is configured).", code="softphone_off")
    return {"token": tokens.softphone_token(current_user.id, ttl=TOKEN_TTL),
            "identity": tokens.client_identity(current_user.id), "ttl": TOKEN_TTL}


def _call(call_id: int):
    call = get_call(call_id)
    if call is None:
        raise NotFound(f"No call {call_id}.")
    return call
