"""The web process's Redis clients: every one carries short connect and read timeouts, so a Redis
that accepts connections but never answers costs a request about a second, not forever. The
callers treat the timeout like Redis being down (the outbox row stays pending for the sweeper,
a live update is left to the page's fallback poll)."""
from redis import Redis


def redis_client(app) -> Redis:
    """A client for short commands (queueing a job, publishing, locks)."""
    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=app.config["REDIS_CONNECT_TIMEOUT"],
                          socket_timeout=app.config["REDIS_SOCKET_TIMEOUT"])


def blocking_client(app) -> Redis:
    """For the worker, whose dequeue waits on Redis for minutes on purpose: a short connect
    timeout only."""
    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=app.config["REDIS_CONNECT_TIMEOUT"])
