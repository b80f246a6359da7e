"""RQ queues on Redis, and the worker that runs desk jobs inside one app context."""
import re

from redis import Redis
from rq import Queue, Retry, SimpleWorker

from desk.redis_client import blocking_client, redis_client

QUEUES = ("messages", "email", "media", "scheduled", "default")


def connection(app) -> Redis:
    """Short timeouts (see desk.redis_client): the web process never waits long on Redis."""
    return redis_client(app)


def queue_name(app, name: str) -> str:
    """Queue names carry RQ_QUEUE_PREFIX so several desks (or test runs) can share one Redis."""
    return f"{app.config['RQ_QUEUE_PREFIX']}{name}"


def queues(app, redis: Redis | None = None) -> list[Queue]:
    redis = redis or connection(app)
    return [Queue(queue_name(app, name), connection=redis) for name in QUEUES]


def push(app, func_path: str, args: tuple, queue: str, job_id: str | None = None, meta: dict | None = None):
    """Put a job on a named queue with retries and backoff."""
    intervals = app.config["JOB_RETRY_INTERVALS"]
    if job_id and app.config["RQ_QUEUE_PREFIX"]:
        job_id = re.sub(r"[^A-Za-z0-9_-]", "-", app.config["RQ_QUEUE_PREFIX"]) + job_id
    return Queue(queue_name(app, queue), connection=connection(app)).enqueue(
        "jobs.worker_entry.run", func_path, *args, job_id=job_id,
        retry=Retry(max=len(intervals), interval=intervals) if intervals else None, meta=meta,
    )


class DeskWorker(SimpleWorker):
    """Runs each job in the worker's own process inside the desk's app context.

    The app is built once per worker; each job gets a fresh database session.
    """

    def __init__(self, *args, app, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app

    def execute_job(self, job, queue):
        from desk.extensions import db

        with self.app.app_context():
            try:
                return super().execute_job(job, queue)
            finally:
                db.session.remove()


def worker(app, burst: bool = False) -> DeskWorker:
    redis = blocking_client(app)
    return DeskWorker(queues(app, redis), connection=redis, app=app)
