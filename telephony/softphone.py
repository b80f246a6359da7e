"""Access tokens for the browser softphone (Twilio Voice JS SDK), one identity per user."""
from flask import current_app
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VoiceGrant

TOKEN_TTL = 600  # seconds; the console asks again before it runs out


def enabled() -> bool:
    """The softphone needs an API key and a TwiML App; without them it is off."""
    cfg = current_app.config
    return all(cfg.get(k) for k in ("TWILIO_ACCOUNT_SID", "TWILIO_API_KEY_SID",
                                    "TWILIO_API_KEY_SECRET", "TWILIO_TWIML_APP_SID"))


def identity_for(user_id: int) -> str:
    return f"user-{user_id}"


def user_id_from(identity: str | None) -> int | None:
    """The user id in 'client:user-7' or 'user-7', else None."""
    value = (identity or "").removeprefix("client:")
    if value.startswith("user-") and value[5:].isdigit():
        return int(value[5:])
    return None


def voice_token(user_id: int) -> str:
    """A short-lived JWT letting this user place calls through the TwiML App and receive calls."""
    cfg = current_app.config
    token = AccessToken(cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_API_KEY_SID"], cfg["TWILIO_API_KEY_SECRET"],
                        identity=identity_for(user_id), ttl=TOKEN_TTL)
    token.add_grant(VoiceGrant(outgoing_application_sid=cfg["TWILIO_TWIML_APP_SID"], incoming_allow=True))
    return token.to_jwt()
