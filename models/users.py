"""People who use the desk, their API tokens and the failed logins counted against them."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow

ROLES = ("admin", "collector")
CALL_VIAS = ("browser", "phone")  # how a user calls: the console's softphone, or a bridge to their phone
PRESENCES = ("available", "away")  # what a user sets; busy and offline are derived (desk.users.presence)


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16), default="collector")
    password_hash: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    time_zone: Mapped[str | None] = mapped_column(String(64))  # None: the dealer's (DEALER_TIME_ZONE)
    # after a call's outcome is saved on a queue account, open the queue's next account at once
    auto_next: Mapped[bool] = mapped_column(default=False, server_default=false())
    call_via: Mapped[str] = mapped_column(String(10), default="phone", server_default="phone")
    presence: Mapped[str] = mapped_column(String(10), default="available", server_default="available")
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the console's last heartbeat
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # in the session cookie at login; bumped to end every session (logout, new password, deactivation)
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0]


class ApiToken(Base):
    """A bearer token; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    prefix: Mapped[str | None] = mapped_column(String(16), index=True)  # the token's start, to name it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: refused (made before expiry)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """A failed login, by the email tried and the client address; rows older than the
    throttling window are pruned."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
