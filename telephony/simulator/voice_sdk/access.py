"""Access token checks, as Twilio's signalling refuses a bad token (the SDK's error codes)."""
from dataclasses import dataclass

import jwt

INVALID = 31204  # AuthorizationErrors.InvalidJWTTokenError
EXPIRED = 31205  # AuthorizationErrors.JWTTokenExpiredError
NOT_ALLOWED = 31201  # AuthorizationErrors.AuthorizationError


class Refused(Exception):
    """A token (or what it asks for) is refused; `code` is what the SDK expects."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Grant:
    """What a valid token lets its browser do."""

    identity: str
    ttl: int  # seconds left
    expires: float  # the token's exp (epoch seconds): the session ends then unless renewed
    outgoing_app: str | None
    incoming: bool


def verify(token: str, sim, now: float | None = None) -> Grant:
    """Check signature (HS256, the API key secret), issuer (key sid), subject (account), time
    and the voice grant; return the grant or raise Refused."""
    import time

    now = time.time() if now is None else now
    try:
        claims = jwt.decode(token or "", sim.api_key_secret, algorithms=["HS256"], issuer=sim.api_key_sid,
                            options={"require": ["exp", "iss", "sub"]})
    except jwt.ExpiredSignatureError:
        raise Refused(EXPIRED, "JWT Token Expired") from None
    except jwt.PyJWTError:
        raise Refused(INVALID, "JWT Token invalid") from None
    if claims["sub"] != sim.account_sid:
        raise Refused(INVALID, "JWT Token invalid: not this account")
    grants = claims.get("grants") or {}
    identity, voice = grants.get("identity"), grants.get("voice")
    if not identity or not isinstance(voice, dict):
        raise Refused(NOT_ALLOWED, "The token has no identity or voice grant")
    app = (voice.get("outgoing") or {}).get("application_sid")
    return Grant(identity, max(0, int(claims["exp"] - now)), float(claims["exp"]), app,
                 bool((voice.get("incoming") or {}).get("allow")))


CUSTOMER_PREFIX = "customer:"  # the identity of a dev phone customer: "customer:+17025551022"


def customer_token(sim, number: str, ttl: int = 3600) -> str:
    """A token for the dev phone's customer: outgoing calls through the simulator's customer app
    (each a PSTN call from `number` to ours), no incoming calls."""
    from twilio.jwt.access_token import AccessToken
    from twilio.jwt.access_token.grants import VoiceGrant

    token = AccessToken(sim.account_sid, sim.api_key_sid, sim.api_key_secret,
                        identity=CUSTOMER_PREFIX + number, ttl=ttl)
    token.add_grant(VoiceGrant(outgoing_application_sid=sim.customer_app_sid))
    return token.to_jwt()


def customer_number(grant: Grant) -> str | None:
    """The customer's number when the grant is a dev phone customer's."""
    if grant.identity.startswith(CUSTOMER_PREFIX):
        return grant.identity.removeprefix(CUSTOMER_PREFIX)
    return None
