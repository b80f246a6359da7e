"""Taking back jobs whose process died: a running outbox row whose lease ran out.

Each row is taken by one conditional UPDATE (status running and the lease expired), so two
sweepers never both take it. A row with attempts left goes back to pending and is dispatched
again (the job functions are safe to run twice: a text with a Twilio sid is not sent again, an
import resumes after its last committed chunk). A row whose attempts are used up is marked
failed with why, for the failed jobs page's Retry, and its record says so (GIVE_UP).
"""
import logging

from sqlalchemy import or_, select, update

from models import OutboxJob, utcnow

log = logging.getLogger(__name__)

# what a job that will not be started again leaves on its record, by job function
GIVE_UP = {
    "jobs.imports.run_import": "jobs.imports.import_interrupted",
    "jobs.messages.send_message_job": "jobs.messages.send_interrupted",
}


def _expired(now):
    return (OutboxJob.status == "running",
            or_(OutboxJob.lease_expires_at.is_(None), OutboxJob.lease_expires_at < now))


def reclaim_expired(app) -> int:
    """Take back every expired running row: dispatch it again, or fail it; returns how many."""
    from desk.extensions import db
    from jobs.outbox import push_row, run_row

    with app.app_context():
        now = utcnow()
        ids = db.session.execute(select(OutboxJob.id).where(*_expired(now))
                                 .order_by(OutboxJob.id).limit(500)).scalars().all()
        db.session.remove()
        again = [row_id for row_id in ids if _take_back(app, row_id, now)]
    for row_id in again:
        (push_row if app.config["REDIS_URL"] else run_row)(app, row_id)
    return len(ids)


def _take_back(app, row_id: int, now) -> bool:
    """True: back to pending, to run again. False: failed for good, or another sweeper took it."""
    from desk.extensions import db

    most = app.config["JOB_MAX_ATTEMPTS"]
    with app.app_context(), db.engine.begin() as conn:
        if conn.execute(update(OutboxJob).where(OutboxJob.id == row_id, OutboxJob.attempts < most, *_expired(now))
                        .values(status="pending", lease_expires_at=None,
                                error="Interrupted (the process running it stopped); running it again.")).rowcount:
            log.warning("outbox job %s: lease expired, running it again", row_id)
            return True
        failed = conn.execute(update(OutboxJob).where(OutboxJob.id == row_id, *_expired(now))
                              .values(status="failed", lease_expires_at=None, finished_at=now,
                                      error=f"Interrupted: the process running it stopped, {most} of {most} "
                                            "attempts used; not started again. Retry runs it once more.")).rowcount
        row = conn.execute(select(OutboxJob.func_path, OutboxJob.args).where(OutboxJob.id == row_id)).one()
    if failed:
        log.error("outbox job %s: interrupted, attempts used up, marked failed", row_id)
        _give_up(app, row.func_path, list(row.args))
    return False


def _give_up(app, func_path: str, args: list) -> None:
    from desk.extensions import db
    from jobs import resolve

    if func_path not in GIVE_UP:
        return
    with app.app_context():
        try:
            resolve(GIVE_UP[func_path])(*args)
            db.session.commit()
        except Exception:  # noqa: BLE001 - the row is failed and listed either way
            log.exception("could not mark the record of %s%r as interrupted", func_path, tuple(args))
        finally:
            db.session.remove()
