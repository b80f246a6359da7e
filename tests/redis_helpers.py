"""A real Redis for the job tests: a random database index and a unique queue prefix per test."""
import random
import uuid

from redis import Redis

from tests.conftest import need, port_open


def redis_config(app_config: dict) -> tuple[str, str]:
    """Point the app at Redis with a fresh queue prefix; returns (url, prefix)."""
    if not port_open("127.0.0.1", 6379):
        need("Redis is not answering on 127.0.0.1:6379")
    url = f"redis://127.0.0.1:6379/{random.randint(1, 15)}"
    prefix = f"desk-test-{uuid.uuid4().hex[:10]}:"
    app_config.update(REDIS_URL=url, RQ_QUEUE_PREFIX=prefix, JOB_RETRY_INTERVALS=[1])
    return url, prefix


def clean(url: str, prefix: str) -> None:
    """Delete only the keys this test made (they all carry its prefix)."""
    redis = Redis.from_url(url)
    job_prefix = prefix.replace(":", "-")
    keys = list(redis.scan_iter(match=f"*{prefix}*", count=1000))
    keys += list(redis.scan_iter(match=f"*{job_prefix}*", count=1000))
    if keys:
        redis.delete(*keys)
    redis.close()
