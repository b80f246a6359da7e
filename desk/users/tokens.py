"""API tokens: named, expiring, revocable; only their SHA-256 is kept, so a token is shown once."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app

from desk.errors import Invalid, NotFound
from desk.extensions import db
from models import ApiToken, User
from models.base import utcnow

SCHEME = "bearer"
PREFIX_LENGTH = 11  # "dk_" and 8 characters of the secret: enough to name it, useless to use it
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is written at most once a minute


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str, expires_in_days: int | None = None) -> tuple[str, ApiToken]:
    """A new token of the user (the secret, and its row); it lasts API_TOKEN_DAYS unless told."""
    days = expires_in_days or current_app.config["API_TOKEN_DAYS"]
    token = "dk_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=hash_token(token), name=name.strip()[:120],
                   prefix=token[:PREFIX_LENGTH], expires_at=utcnow() + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    return token, row


def new_token(user: User, name: str = "unnamed", expires_in_days: int | None = None) -> str:
    return create_token(user, name, expires_in_days)[0]


def user_from_authorization(header: str) -> User | None:
    """The active user a valid `Bearer` token belongs to, else None (wrong, expired, revoked,
    malformed or another scheme). Marks the token used."""
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != SCHEME or not secret or " " in secret:
        return None
    row = db.session.execute(db.select(ApiToken).where(
        ApiToken.token_hash == hash_token(secret), ApiToken.revoked_at.is_(None))).scalar_one_or_none()
    now = utcnow()
    if row is None or row.expires_at is None or row.expires_at <= now or not row.user.active:
        return None
    _mark_used(row, now)
    return row.user


def _mark_used(row: ApiToken, now) -> None:
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        row.last_used_at = now
        db.session.commit()


def tokens_of(user: User) -> list[ApiToken]:
    """The tokens not revoked: the user's own, or everyone's for an admin."""
    query = db.select(ApiToken).where(ApiToken.revoked_at.is_(None)).order_by(ApiToken.id)
    if not user.is_admin:
        query = query.where(ApiToken.user_id == user.id)
    return db.session.execute(query).scalars().all()


def token_for_revoking(token_id: int, acting: User) -> ApiToken:
    """The token, if the acting user may revoke it (an admin any); NotFound otherwise."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None or (row.user_id != acting.id and not acting.is_admin):
        raise NotFound(f"No token {token_id}.")
    return row


def find_token(id_or_prefix: str) -> ApiToken:
    """A token by its id or by the start of its secret (at least 6 characters, one match)."""
    if id_or_prefix.isdigit():
        row = db.session.get(ApiToken, int(id_or_prefix))
        if row is None:
            raise NotFound(f"No token {id_or_prefix}.")
        return row
    start = id_or_prefix.strip()[:PREFIX_LENGTH]
    if len(start) < 6:
        raise Invalid("Give the token's id or at least its first 6 characters.", {"token": ["Too short."]})
    rows = db.session.execute(db.select(ApiToken).where(ApiToken.prefix.startswith(start, autoescape=True))
                              ).scalars().all()
    if not rows:
        raise NotFound(f"No token starts with {start}.")
    if len(rows) > 1:
        raise Invalid(f"{len(rows)} tokens start with {start}; give its id.", {"token": ["Ambiguous."]})
    return rows[0]


def revoke_token(row: ApiToken) -> ApiToken:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return row
