"""Sending a queued email over SMTP, at most once.

The job claims the row (sets `sending_started_at`, committed) before talking to SMTP, and records
the outcome afterwards:

- accepted: status sent;
- temporary refusal (4xx, connection refused or dropped): the claim is released and the job
  raises, so RQ retries with backoff; the email stays queued with the reason in `error`;
- permanent refusal (5xx): status failed with the server's answer; no retry.

A crash after the server accepted but before "sent" was committed leaves the claim in place.
A later run that finds a claim older than CLAIM_LEASE does not send again: it marks the email
failed as "interrupted, delivery unknown" with its Message-ID, for a person to check. We prefer
a possibly missing email that is clearly flagged over a customer getting the same email twice.
"""
import logging
from datetime import timedelta

from sqlalchemy import update

from desk.email.mime import PermanentFailure, TemporaryFailure, build_message, deliver
from desk.extensions import db
from models import Email, utcnow

log = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(minutes=10)  # well beyond the SMTP timeouts


def send_email_job(email_id: int) -> str:
    """Send one email; returns what happened (sent, failed, skipped, interrupted). Raises
    StillClaimed while another run's claim is younger than CLAIM_LEASE."""
    email = db.session.get(Email, email_id)
    if email is None or email.status != "queued":
        return "skipped"
    if email.sending_started_at is not None:
        return _stale_claim(email)
    if not _claim(email_id):
        return "busy"
    db.session.refresh(email)
    try:
        deliver(build_message(email))
    except TemporaryFailure as exc:
        _release(email, f"Temporary failure, will retry: {exc}")
        raise
    except PermanentFailure as exc:
        _finish(email, "failed", f"Refused by the mail server: {exc}")
        return "failed"
    _finish(email, "sent", None)
    return "sent"


def _claim(email_id: int) -> bool:
    """Take the email for this run; False when another run holds it or it is no longer queued."""
    taken = db.session.execute(
        update(Email).where(Email.id == email_id, Email.status == "queued",
                            Email.sending_started_at.is_(None))
        .values(sending_started_at=utcnow(), attempts=Email.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return bool(taken)


class StillClaimed(RuntimeError):
    """Another run claimed the email less than CLAIM_LEASE ago: try again later (a retry, or the
    failed jobs page) to learn whether it went out or to flag it as interrupted."""


def _stale_claim(email: Email) -> str:
    if utcnow() - email.sending_started_at < CLAIM_LEASE:
        # another run is sending it now, or its process died: never send it a second time, and do
        # not count this run as done either, or a dead run's email would stay queued for ever
        raise StillClaimed(f"email {email.id} is being sent by another run (claimed "
                           f"{email.sending_started_at.isoformat()})")
    email.status = "failed"
    email.error = (f"Sending was interrupted and the outcome is unknown; not resent to avoid a "
                   f"duplicate. Check the mail server's log for Message-ID {email.message_id}.")
    db.session.commit()
    log.warning("email %s: stale claim, marked failed without resending", email.id)
    return "interrupted"


def _release(email: Email, error: str) -> None:
    email.sending_started_at = None
    email.error = error[:1000]
    db.session.commit()


def _finish(email: Email, status: str, error: str | None) -> None:
    email.status, email.error = status, error[:1000] if error else None
    email.sending_started_at = None
    if status == "sent":
        email.sent_at = utcnow()
    db.session.commit()


