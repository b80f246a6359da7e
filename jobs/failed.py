"""Failed jobs for the admins' page: RQ's failed registries with Redis, the outbox without."""
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from redis.exceptions import RedisError
from rq.job import Job
from rq.registry import FailedJobRegistry

from jobs import outbox
from jobs.queues import connection, queues

log = logging.getLogger(__name__)


@dataclass
class FailedJob:
    source: str  # "rq" or "outbox"
    id: str
    queue: str
    func_path: str
    args: list
    error: str
    failed_at: datetime | None


def failed_jobs(app) -> list[FailedJob]:
    """Every failed job, newest first (RQ's registries when REDIS_URL is set, plus outbox rows)."""
    found = [_from_row(row) for row in outbox.failed_rows()]
    if app.config["REDIS_URL"]:
        try:
            found += _from_redis(app)
        except RedisError:  # down or not answering: the outbox's own failures are still shown
            log.warning("failed jobs page: RQ's failed jobs could not be read", exc_info=True)
    return sorted(found, key=lambda job: job.failed_at.timestamp() if job.failed_at else 0, reverse=True)


def retry(app, source: str, job_id: str) -> bool:
    """Run a failed job again; False when it is no longer failed."""
    if source == "outbox":
        return job_id.isdigit() and outbox.retry_row(app, int(job_id))
    if source == "rq" and app.config["REDIS_URL"]:
        for queue in queues(app):
            registry = FailedJobRegistry(queue=queue)
            if job_id in registry.get_job_ids():
                registry.requeue(job_id)
                return True
    return False


def _from_row(row) -> FailedJob:
    return FailedJob("outbox", str(row.id), row.queue, row.func_path, list(row.args),
                     row.error or "", row.finished_at)


def _from_redis(app) -> list[FailedJob]:
    redis = connection(app)
    found = []
    for queue in queues(app, redis):
        ids = FailedJobRegistry(queue=queue).get_job_ids()
        for job in filter(None, Job.fetch_many(ids, connection=redis)):
            func_path, *args = job.args or ("?",)
            found.append(FailedJob("rq", job.id, queue.name, str(func_path), list(args),
                                   _last_line(job.exc_info), _aware(job.ended_at)))
    return found


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _last_line(trace: str | None) -> str:
    lines = [line for line in (trace or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no error recorded)"
