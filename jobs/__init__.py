"""Background work. `enqueue` defers a job until the current transaction commits, then hands
it to RQ (with REDIS_URL) or runs it in this process (without).

Job functions are plain module-level functions that take ids and strings, reload their rows,
raise on failure, and are safe to run twice.
"""
import importlib
import logging
import threading

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING = "desk_pending_jobs"


def enqueue(func_path: str, *args, queue: str = "default") -> None:
    """Run `func_path(*args)` after the current transaction commits."""
    from desk.extensions import db

    db.session.info.setdefault(PENDING, []).append((func_path, args, queue))


def resolve(func_path: str):
    module, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def dispatch(app, func_path: str, args: tuple, queue: str) -> None:
    """Hand one job to RQ, or run it here when there is no Redis."""
    if app.config.get("REDIS_URL"):
        from jobs.queues import push

        push(app, func_path, args, queue)
    elif app.config.get("JOBS_INLINE") == "sync":
        run_inline(app, func_path, args)
    else:
        threading.Thread(target=run_inline, args=(app, func_path, args), daemon=True).start()


def run_inline(app, func_path: str, args: tuple) -> None:
    """Run a job in a fresh app context (and so a fresh database session)."""
    with app.app_context():
        try:
            resolve(func_path)(*args)
        except Exception:  # noqa: BLE001 - recorded; the job's own rows say what failed
            log.exception("job %s%r failed", func_path, args)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, [])
    if not pending:
        return
    app = current_app._get_current_object()
    for func_path, args, queue in pending:
        dispatch(app, func_path, args, queue)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
