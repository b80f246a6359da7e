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
OUTBOX_ID = "outbox_id"  # the RQ job's meta key naming its outbox row
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
    """Move a pending row to `status`, counting the attempt; None when someone else took it."""
    with engine.begin() as conn:
        taken = conn.execute(
            update(OutboxJob).where(OutboxJob.id == row_id, OutboxJob.status == "pending")
            .values(status=status, attempts=OutboxJob.attempts + 1, **values)).rowcount
        if not taken:
            return None
        return conn.execute(select(OutboxJob.func_path, OutboxJob.args, OutboxJob.queue, OutboxJob.attempts)
                            .where(OutboxJob.id == row_id)).one()


def _set(engine, row_id: int, **values) -> None:
    with engine.begin() as conn:
        conn.execute(update(OutboxJob).where(OutboxJob.id == row_id).values(**values))


def push_row(app, row_id: int) -> bool:
    """Claim a row and put it on its RQ queue; on a Redis error (down, or not answering within
    REDIS_SOCKET_TIMEOUT) it goes back to pending for the sweeper."""
    from desk.extensions import db
    from jobs.queues import push

    with app.app_context():
        engine = db.engine
        row = _claim(engine, row_id, "dispatched", dispatched_at=utcnow())
        if row is None:
            return False
        try:
            push(app, row.func_path, tuple(row.args), row.queue, job_id=f"outbox-{row_id}-{row.attempts}",
                 meta={OUTBOX_ID: row_id})
        except Exception as exc:  # noqa: BLE001 - Redis down or hanging: keep the row for the sweeper
            log.warning("could not queue outbox job %s (%s); will retry", row_id, exc)
            _set(engine, row_id, status="pending", attempts=OutboxJob.attempts - 1,  # it never started
                 error=f"Redis: {exc}"[:4000])
            return False
        return True


def run_row(app, row_id: int) -> bool:
    """Claim a row and run its job here in a fresh app context; record done or the failure."""
    from desk.extensions import db
    from desk.outbox import lease_until

    with app.app_context():
        row = _claim(db.engine, row_id, "running", dispatched_at=utcnow(), lease_expires_at=lease_until())
    if row is None:
        return False
    with app.app_context():
        try:
            return _execute(row_id, row.attempts, row.func_path, list(row.args), on_error="failed") is None
        finally:
            db.session.remove()


def run_dispatched(row_id: int, func_path: str, args: list):
    """What an RQ worker runs for an outbox row (inside the app context): take the dispatched row
    with a lease, run the job, record done. On failure the row goes back to dispatched and this
    raises, so RQ retries it. A row another run holds, or one already done, is left alone."""
    from desk.extensions import db
    from desk.outbox import lease_until

    with db.engine.begin() as conn:
        taken = conn.execute(
            update(OutboxJob).where(OutboxJob.id == row_id, OutboxJob.status == "dispatched")
            .values(status="running", lease_expires_at=lease_until())).rowcount
        attempt = conn.execute(select(OutboxJob.attempts).where(OutboxJob.id == row_id)).scalar()
    if not taken:
        log.info("outbox job %s is not waiting to run (done, or another run holds it)", row_id)
        return None
    failure = _execute(row_id, attempt, func_path, args, on_error="dispatched")
    if failure is not None:
        raise failure


def _execute(row_id: int, attempt: int, func_path: str, args: list, on_error: str) -> Exception | None:
    """Run the job holding the row's lease; record done, or `on_error` with the error. Only the
    run that still holds the row records anything: one that finished after the sweeper took
    its row back leaves the row to the new run."""
    from desk.extensions import db
    from desk.outbox import RUNNING_JOB
    from jobs import resolve

    token = RUNNING_JOB.set((row_id, attempt))
    try:
        resolve(func_path)(*args)
    except Exception as exc:  # noqa: BLE001 - recorded on the row for the failed jobs page
        log.exception("job %s%r failed", func_path, tuple(args))
        db.session.rollback()
        finished = on_error == "failed"
        _finish(db.engine, row_id, attempt, status=on_error, error=f"{type(exc).__name__}: {exc}"[:4000],
                finished_at=utcnow() if finished else None)
        return exc
    finally:
        RUNNING_JOB.reset(token)
    _finish(db.engine, row_id, attempt, status="done", error=None, finished_at=utcnow())
    return None


def _finish(engine, row_id: int, attempt: int, **values) -> bool:
    with engine.begin() as conn:
        kept = conn.execute(
            update(OutboxJob).where(OutboxJob.id == row_id, OutboxJob.status == "running",
                                    OutboxJob.attempts == attempt)
            .values(lease_expires_at=None, **values)).rowcount
    if not kept:
        log.warning("outbox job %s finished after its lease was taken back; the new run records it", row_id)
    return bool(kept)


def sweep(app=None, older_than: timedelta = SWEEP_AFTER) -> int:
    """Take back running rows whose lease ran out (their process died), then dispatch rows that
    stayed pending (Redis was down or hanging, or the process died). Returns how many."""
    from flask import current_app

    from desk.extensions import db
    from jobs.leases import reclaim_expired

    app = app or current_app._get_current_object()
    reclaimed = reclaim_expired(app)
    with app.app_context():
        cutoff = utcnow() - older_than
        ids = db.session.execute(
            select(OutboxJob.id).where(OutboxJob.status == "pending", OutboxJob.created_at < cutoff)
            .order_by(OutboxJob.id).limit(500)).scalars().all()
        db.session.remove()
    for row_id in ids:
        (push_row if app.config["REDIS_URL"] else run_row)(app, row_id)
    return len(ids) + reclaimed


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
