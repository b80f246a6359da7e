"""Access tokens for the browser softphone (Twilio Voice JS SDK).

Needs TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET and TWILIO_TWIML_APP_SID. Without them the
softphone is off (`softphone_enabled()` is False) - also under the simulator, which has no
Voice SDK signalling: with the simulator, collectors use click-to-call to their own phone number.
"""
from flask import current_app
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VoiceGrant

TTL_SECONDS = 3600


def softphone_enabled() -> bool:
    cfg = current_app.config
    return all(cfg[k] for k in ("TWILIO_ACCOUNT_SID", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET",
                                    "TWILIO_TWIML_APP_SID"))


def client_identity(user_id: int) -> str:
    """The <Client> identity of a desk user; the voice webhook maps it back."""
    return f"user-{user_id}"


def softphone_token(user_id: int, ttl: int = TTL_SECONDS) -> str | None:
    """A signed JWT letting this user's browser place and receive calls, or None when off."""
    if not softphone_enabled():
        return None
    cfg = current_app.config
    token = AccessToken(cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_API_KEY_SID"], cfg["TWILIO_API_KEY_SECRET"],
                        identity=client_identity(user_id), ttl=ttl)
    token.add_grant(VoiceGrant(outgoing_application_sid=cfg["TWILIO_TWIML_APP_SID"], incoming_allow=True))
    return token.to_jwt()
