"""Dispatching outbox rows: to RQ when Redis is configured, else run here after the commit.

Each dispatch first claims its row with a conditional UPDATE, so the after-commit hook and the
sweeper never hand the same row on twice.
"""
import logging
import threading
from datetime import timedelta

from sqlalchemy import select, update

from models import OutboxJob, utcnow

log = logging.getLogger(__name__)
SWEEP_AFTER = timedelta(seconds=60)  # rows pending longer than this missed their after-commit


def dispatch_ids(app, ids: list[int]) -> None:
    """Hand freshly committed rows on; in-process mode runs them now (sync) or on a thread."""
    if app.config["REDIS_URL"]:
        for row_id in ids:
            push_row(app, row_id)
    elif app.config["JOBS_INLINE"] == "sync":
        for row_id in ids:
            run_row(app, row_id)
    else:
        threading.Thread(target=_run_rows, args=(app, ids), daemon=True).start()


def _run_rows(app, ids: list[int]) -> None:
    for row_id in ids:
        run_row(app, row_id)


def _claim(engine, row_id: int, status: str, **values) -> OutboxJob | None:
    """Move a pending row to `status`; None when someone else already took it."""
    with engine.begin() as conn:
        taken = conn.execute(
            update(OutboxJob).where(OutboxJob.id == row_id, OutboxJob.status == "pending")
            .values(status=status, attempts=OutboxJob.attempts + 1, **values)).rowcount
        if not taken:
            return None
        return conn.execute(select(OutboxJob.func_path, OutboxJob.args, OutboxJob.queue)
                            .where(OutboxJob.id == row_id)).one()


def _set(engine, row_id: int, **values) -> None:
    with engine.begin() as conn:
        conn.execute(update(OutboxJob).where(OutboxJob.id == row_id).values(**values))


def push_row(app, row_id: int) -> bool:
    """Claim a row and put it on its RQ queue; on a Redis error it goes back to pending."""
    from desk.extensions import db
    from jobs.queues import push

    with app.app_context():
        engine = db.engine
        row = _claim(engine, row_id, "dispatched", dispatched_at=utcnow())
        if row is None:
            return False
        try:
            push(app, row.func_path, tuple(row.args), row.queue, job_id=f"outbox-{row_id}")
        except Exception as exc:  # noqa: BLE001 - Redis down: keep the row for the sweeper
            log.warning("could not queue outbox job %s (%s); will retry", row_id, exc)
            _set(engine, row_id, status="pending", error=f"Redis: {exc}")
            return False
        return True


def run_row(app, row_id: int) -> bool:
    """Claim a row and run its job here in a fresh app context; record done or the failure."""
    from desk.extensions import db
    from jobs import resolve

    with app.app_context():
        engine = db.engine
        row = _claim(engine, row_id, "running", dispatched_at=utcnow())
    if row is None:
        return False
    with app.app_context():
        try:
            resolve(row.func_path)(*row.args)
        except Exception as exc:  # noqa: BLE001 - recorded on the row for the failed jobs page
            log.exception("job %s%r failed", row.func_path, tuple(row.args))
            db.session.rollback()
            _set(db.engine, row_id, status="failed", error=f"{type(exc).__name__}: {exc}"[:4000],
                 finished_at=utcnow())
            return False
        finally:
            db.session.remove()
        _set(db.engine, row_id, status="done", error=None, finished_at=utcnow())
        return True


def sweep(app=None, older_than: timedelta = SWEEP_AFTER) -> int:
    """Dispatch rows that stayed pending (Redis was down, or the process died). Returns how many."""
    from flask import current_app

    from desk.extensions import db

    app = app or current_app._get_current_object()
    with app.app_context():
        cutoff = utcnow() - older_than
        ids = db.session.execute(
            select(OutboxJob.id).where(OutboxJob.status == "pending", OutboxJob.created_at < cutoff)
            .order_by(OutboxJob.id).limit(500)).scalars().all()
        db.session.remove()
    for row_id in ids:
        (push_row if app.config["REDIS_URL"] else run_row)(app, row_id)
    return len(ids)


def retry_row(app, row_id: int) -> bool:
    """Put a failed row back to pending and dispatch it (the failed jobs page's Retry)."""
    from desk.extensions import db

    with app.app_context():
        with db.engine.begin() as conn:
            changed = conn.execute(update(OutboxJob).where(OutboxJob.id == row_id,
                                                           OutboxJob.status == "failed")
                                   .values(status="pending")).rowcount
    if changed:
        dispatch_ids(app, [row_id])
    return bool(changed)


def failed_rows(limit: int = 200) -> list[OutboxJob]:
    from desk.extensions import db

    return db.session.execute(select(OutboxJob).where(OutboxJob.status == "failed")
                              .order_by(OutboxJob.id.desc()).limit(limit)).scalars().all()
