"""Login throttling: failed logins are counted in the database (so every web process agrees) per
email and per client address; past LOGIN_FAILURE_LIMIT within LOGIN_FAILURE_WINDOW seconds every
login for that email or from that address is refused, even with the right password. An admin
may lift a person's lock before it ends (`unlock`)."""
from datetime import datetime, timedelta

from flask import current_app

from desk.errors import DeskError
from desk.extensions import db
from models import LoginAttempt
from models.base import utcnow


class TooManyAttempts(DeskError):
    status, code = 429, "too_many_attempts"

    def __init__(self, retry_after: int):
        minutes = max(1, -(-retry_after // 60))
        super().__init__(f"Too many failed logins. Try again in {minutes} minute{'s' if minutes > 1 else ''}.")
        self.retry_after = retry_after


def _window() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW"])


def _key(email: str) -> str:
    return email.strip().lower()[:254]


def _in_window(now: datetime):
    """The failures that still count at `now`."""
    return LoginAttempt.at > now - _window()


def check_allowed(email: str, address: str, now: datetime | None = None) -> None:
    """Raise TooManyAttempts (with the seconds to wait) while the email or the address is locked."""
    now = now or utcnow()
    ends = [_locked_until(LoginAttempt.email == _key(email), now),
            _locked_until(LoginAttempt.address == address[:64], now)]
    until = max((end for end in ends if end is not None), default=None)
    if until is not None:
        raise TooManyAttempts(max(1, int((until - now).total_seconds() + 0.999)))


def _locked_until(which, now: datetime) -> datetime | None:
    """When the limit-th most recent failure in the window leaves it, or None if under the limit."""
    limit = current_app.config["LOGIN_FAILURE_LIMIT"]
    times = db.session.execute(
        db.select(LoginAttempt.at).where(which, _in_window(now))
        .order_by(LoginAttempt.at.desc()).limit(limit)).scalars().all()
    return _lock_end(times)


def _lock_end(times: list[datetime]) -> datetime | None:
    """The lock's end given the window's failures, newest first: when the limit-th most recent
    leaves the window; None if under the limit."""
    limit = current_app.config["LOGIN_FAILURE_LIMIT"]
    return times[limit - 1] + _window() if len(times) >= limit else None


def record_failure(email: str, address: str) -> None:
    """Count a failed login (committed, whatever the request does next) and prune old rows."""
    now = utcnow()
    db.session.execute(db.delete(LoginAttempt).where(LoginAttempt.at <= now - _window()))
    db.session.add(LoginAttempt(email=_key(email), address=address[:64], at=now))
    db.session.commit()


def forget_failures(email: str) -> None:
    """A successful login clears the account's count (not the address's)."""
    db.session.execute(db.delete(LoginAttempt).where(LoginAttempt.email == _key(email)))


def locked_until(email: str, now: datetime | None = None) -> datetime | None:
    """When the lock on this email's logins ends, None when it is not locked."""
    return _locked_until(LoginAttempt.email == _key(email), now or utcnow())


def locked_until_by_email(emails: list[str], now: datetime | None = None) -> dict[str, datetime | None]:
    """locked_until for each of `emails` (the keys, as given), read in one query."""
    now = now or utcnow()
    times: dict[str, list[datetime]] = {_key(email): [] for email in emails}
    failures = db.session.execute(
        db.select(LoginAttempt.email, LoginAttempt.at)
        .where(LoginAttempt.email.in_(list(times)), _in_window(now))
        .order_by(LoginAttempt.at.desc()))
    for key, at in failures:
        times[key].append(at)
    return {email: _lock_end(times[_key(email)]) for email in emails}


def unlock(email: str) -> int:
    """Lift the lock on this email: its failed logins are forgotten, and so are those from the
    addresses they came from (one office behind one address would stay locked out otherwise).
    The number of failures forgotten."""
    key = _key(email)
    addresses = db.select(LoginAttempt.address).where(LoginAttempt.email == key).distinct().scalar_subquery()
    gone = db.session.execute(db.delete(LoginAttempt).where(
        (LoginAttempt.email == key) | LoginAttempt.address.in_(addresses)))
    return gone.rowcount
