"""Calls: place one, my disposition prompts, unmatched inbound calls, the softphone token."""
from flask import current_app
from flask_login import current_user

from api import bp
from api.util import finds, page
from desk.accounts.records import get_account
from desk.calls.inbound import link_call, ringing_call
from desk.calls.outbound import get_call, start_call, unmatched_calls
from desk.calls.prompts import dismiss_prompt, my_prompt, pending_prompts
from desk.errors import Conflict, NotFound
from desk.extensions import db
from desk.schemas.calls import (
    CallIn,
    CallLinkIn,
    CallOut,
    PromptDismissedOut,
    PromptDismissIn,
    PromptOut,
    RingingCallOut,
    VoiceTokenOut,
)
from desk.schemas.records import page_of
from telephony import tokens


def _call(call_id: int):
    call = get_call(call_id)
    if call is None:
        raise NotFound(f"No call {call_id}.")
    return call


@bp.post("/accounts/<int:account_id>/calls")
@finds(account=get_account)
@bp.arguments(CallIn)
@bp.response(201, CallOut)
@bp.refuses(403, 409, 502, 503)
def post_call(data, account):
    """Place a call (rings you, then the customer); 409 names a compliance rule"""
    return start_call(account, data, current_user)


@bp.get("/calls/<int:call_id>")
@bp.response(200, CallOut)
def read_call(call_id: int):
    """Read a call"""
    return _call(call_id)


@bp.get("/calls/ringing/<call_sid>")
@bp.response(200, RingingCallOut)
def read_ringing_call(call_sid: str):
    """Who is calling: the inbound call ringing the softphone, by the CallSid the softphone was
    given (404 for no inbound call with it)"""
    return ringing_call(call_sid)


@bp.get("/calls/unmatched")
@bp.response(200, page_of(CallOut))
def list_unmatched_calls():
    """Inbound calls from unknown numbers"""
    return page(unmatched_calls(), None)


@bp.post("/calls/<int:call_id>/link")
@finds(call=_call)
@bp.arguments(CallLinkIn)
@bp.response(200, CallOut)
@bp.refuses(409)
def post_link_call(data, call):
    """Link an unmatched call to an account"""
    link_call(call, get_account(data["account_id"]))
    db.session.commit()
    return call


@bp.get("/prompts")
@bp.response(200, page_of(PromptOut))
def list_prompts():
    """My calls waiting for a disposition"""
    return page(pending_prompts(current_user), None)


def _my_prompt(call_id: int):
    return my_prompt(current_user, call_id)


@bp.post("/prompts/<int:call_id>/dismiss")
@finds(call=_my_prompt)
@bp.arguments(PromptDismissIn)
@bp.response(200, PromptDismissedOut)
def post_dismiss_prompt(data, call):
    """Dismiss my disposition prompt with a reason (kept on the call and the account's timeline);
    404 for a prompt that is not mine or no longer waits"""
    dismiss_prompt(call, current_user, data["reason"])
    db.session.commit()
    return call


@bp.get("/voice-token")
@bp.response(200, VoiceTokenOut)
@bp.refuses(409)
def voice_token():
    """A softphone access token (409 softphone_off when no Twilio API key is configured)"""
    if not tokens.softphone_enabled():
        raise Conflict("The softphone is off (no Twilio API key is configured).", code="softphone_off")
    ttl = current_app.config["SOFTPHONE_TOKEN_TTL"]
    return {"token": tokens.softphone_token(current_user.id, ttl=ttl),
            "identity": tokens.client_identity(current_user.id), "ttl": ttl,
            "device_options": tokens.device_options()}
