"""Access tokens for the browser softphone (Twilio Voice JS SDK).

Needs TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET and TWILIO_TWIML_APP_SID. Without them the
softphone is off (`softphone_enabled()` is False). The embedded simulator sets all three and
serves the SDK's signalling itself: TWILIO_VOICE_SIGNALLING_HOST then tells the SDK where.
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


def device_options() -> dict:
    """Options for `new Twilio.Device(token, options)`: under the simulator, its signalling host
    (`chunderw`) and no insights events (the SDK would post them to Twilio); else the defaults."""
    host = current_app.config["TWILIO_VOICE_SIGNALLING_HOST"]
    if not host:
        return {}
    return {"chunderw": [host], "publishEvents": False}
