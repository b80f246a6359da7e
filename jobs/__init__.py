"""Background work through a transactional outbox.

`enqueue` writes an `outbox_jobs` row in the caller's transaction; after the commit the job is
handed to RQ (with REDIS_URL) or run in this process (without). If Redis is down, or the process
dies before dispatching, the row stays pending and `jobs.outbox.sweep` dispatches it later: a
committed job is never lost, and a rolled-back one never runs.

Job functions are plain module-level functions that take ids and strings, reload their rows,
raise on failure, and are safe to run twice.
"""
import importlib
import logging

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING = "desk_pending_jobs"


def enqueue(func_path: str, *args, queue: str = "default") -> int:
    """Record `func_path(*args)` to run after the current transaction commits; returns the row id."""
    from desk.extensions import db
    from models import OutboxJob

    row = OutboxJob(func_path=func_path, args=list(args), queue=queue, status="pending", attempts=0)
    db.session.add(row)
    db.session.flush()
    db.session.info.setdefault(PENDING, []).append(row.id)
    return row.id


def resolve(func_path: str):
    module, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module), name)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, [])
    if pending:
        from jobs.outbox import dispatch_ids

        dispatch_ids(current_app._get_current_object(), pending)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
