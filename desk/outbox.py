"""The verbs' one door to background work: `enqueue` records a job in the caller's transaction.

A job is an `outbox_jobs` row naming a function of the `jobs` package by its dotted path (the
names below), so the verbs never import that package. After the commit, the new rows go to the
dispatcher the app was built with (`jobs.outbox.dispatch_ids`: RQ with REDIS_URL, else this
process); a rolled-back job never runs, and a row whose hand-off failed (Redis down, a crash)
is picked up by the sweeper, so a committed job is never lost.
"""
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from desk.extensions import db
from models import OutboxJob

SEND_MESSAGE = "jobs.messages.send_message_job"
FETCH_MEDIA = "jobs.media.fetch_media_job"
SEND_EMAIL = "jobs.email.send_email_job"
RUN_IMPORT = "jobs.imports.run_import"

PENDING = "desk_pending_jobs"
DISPATCHER = "desk.outbox_dispatch"


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


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, [])
    if pending:
        app = current_app._get_current_object()
        app.extensions[DISPATCHER](app, pending)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
