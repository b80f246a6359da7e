"""The Phone Call quick action, and what every page needs to show disposition prompts."""
from console import bp
from console.accounts import QUICK_ACTIONS
from telephony import tokens

QUICK_ACTIONS.append({"label": "Phone Call", "dialog": "phone-call", "partial": "account/_phone_call.html"})


@bp.app_context_processor
def calls_context() -> dict:
    """`softphone_on`: whether the browser option is offered (API key settings present)."""
    return {"softphone_on": tokens.softphone_enabled()}
