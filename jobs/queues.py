"""RQ queues on Redis."""
from redis import Redis
from rq import Queue, Retry

QUEUES = ("messages", "email", "media", "scheduled", "default")


def connection(app) -> Redis:
    return Redis.from_url(app.config["REDIS_URL"])


def push(app, func_path: str, args: tuple, queue: str):
    """Put a job on a named queue with retries and backoff."""
    return Queue(queue, connection=connection(app)).enqueue(
        "jobs.worker_entry.run", func_path, *args,
        retry=Retry(max=5, interval=[5, 15, 60, 180, 600]),
    )
