"""The verbs' one door to background work: `enqueue` records a job in the caller's transaction.

A job is an `outbox_jobs` row naming a function of the `jobs` package by its dotted path (the
names below), so the verbs never import that package. After the commit, the new rows go to the
dispatcher the app was built with (`jobs.outbox.dispatch_ids`: RQ with REDIS_URL, else this
process); a rolled-back job never runs, and a row whose hand-off failed (Redis down, a crash)
is picked up by the sweeper, so a committed job is never lost.
"""
from contextvars import ContextVar
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from desk.extensions import db
from models import OutboxJob

SEND_MESSAGE = "jobs.messages.send_message_job"
FETCH_MEDIA = "jobs.media.fetch_media_job"
SEND_EMAIL = "jobs.email.send_email_job"
RUN_IMPORT = "jobs.imports.run_import"

PENDING = "desk_pending_jobs"
DISPATCHER = "desk.outbox_dispatch"
# (row id, attempt) of the outbox job running in this context, set by jobs.outbox while it runs
RUNNING_JOB: ContextVar[tuple[int, int] | None] = ContextVar("desk_running_job", default=None)


def init_app(app: Flask, dispatch) -> None:
    """`dispatch(app, row_ids)` hands freshly committed rows on."""
    app.extensions[DISPATCHER] = dispatch


def enqueue(func_path: str, *args, queue: str = "default") -> int:
    """Record `func_path(*args)` to run after the current transaction commits; returns the row id."""
    row = OutboxJob(func_path=func_path, args=list(args), queue=queue, status="pending", attempts=0)
    db.session.add(row)
    db.session.flush()
    db.session.info.setdefault(PENDING, []).append(row.id)
    return row.id


def lease_until():
    """When a lease taken now runs out (JOB_LEASE_SECONDS from now)."""
    from models import utcnow

    return utcnow() + timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])


class LeaseLost(RuntimeError):
    """The sweeper took this job's row back (its lease ran out); another run carries on."""


def renew_lease() -> bool:
    """Keep the running job's row for another JOB_LEASE_SECONDS (long jobs call it as they go,
    so the sweeper does not take a job that is alive). False when no outbox job runs here;
    raises LeaseLost when the row was already taken back, so this run stops."""
    running = RUNNING_JOB.get()
    if running is None:
        return False
    row_id, attempt = running
    with db.engine.begin() as conn:
        kept = conn.execute(
            update(OutboxJob).where(OutboxJob.id == row_id, OutboxJob.status == "running",
                                    OutboxJob.attempts == attempt)
            .values(lease_expires_at=lease_until())).rowcount
    if not kept:
        raise LeaseLost(f"outbox job {row_id} was taken back by the sweeper")
    return True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, [])
    if pending:
        app = current_app._get_current_object()
        app.extensions[DISPATCHER](app, pending)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
