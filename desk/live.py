"""Live updates: after a commit, open pages hear what changed and fetch it at once.

Verbs mark what they changed (`account_changed`, `user_changed`) in the session; only when the
transaction commits are the topics published, so a page never fetches a change that was rolled
back. With REDIS_URL the topics go through Redis pub/sub, so a page served by one web process
hears a text that another process stored; without it, through this process's own broker (the
desk then runs as one process). Publishing never fails the request: a page that misses a topic
still refreshes on its slow fallback poll.
"""
import logging
import queue
import threading
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
TOPICS = "desk_live_topics"


def account_changed(account_id: int | None) -> None:
    """Something an account's page shows changed (a text in or out, a delivery status)."""
    if account_id:
        _mark(f"account:{account_id}")


def user_changed(user_id: int | None) -> None:
    """Something shown to one user on every page changed (a call waiting for its outcome)."""
    if user_id:
        _mark(f"user:{user_id}")


def _mark(topic: str) -> None:
    from desk.extensions import db

    db.session.info.setdefault(TOPICS, set()).add(topic)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    topics = session.info.pop(TOPICS, None)
    if topics:
        publish(current_app._get_current_object(), topics)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(TOPICS, None)


def publish(app, topics) -> None:
    try:
        broker(app).publish(sorted(topics))
    except Exception:  # noqa: BLE001 - a missed topic is caught up by the page's fallback poll
        log.warning("live update not published for %s", sorted(topics), exc_info=True)


def broker(app):
    """The app's broker: Redis pub/sub with REDIS_URL, else one in this process."""
    found = app.extensions.get("desk.live")
    if found is None:
        found = RedisBroker(app) if app.config.get("REDIS_URL") else LocalBroker()
        app.extensions["desk.live"] = found
    return found


class LocalBroker:
    """Topics to subscriber queues, within one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[queue.SimpleQueue]] = {}

    def publish(self, topics: list[str]) -> None:
        with self._lock:
            for topic in topics:
                for inbox in self._subscribers.get(topic, ()):
                    inbox.put(topic)

    @contextmanager
    def subscribe(self, topics: list[str]):
        inbox = queue.SimpleQueue()
        with self._lock:
            for topic in topics:
                self._subscribers.setdefault(topic, set()).add(inbox)
        try:
            yield lambda timeout: _next(inbox, timeout)
        finally:
            with self._lock:
                for topic in topics:
                    self._subscribers.get(topic, set()).discard(inbox)


def _next(inbox: queue.SimpleQueue, timeout: float) -> str | None:
    try:
        return inbox.get(timeout=timeout)
    except queue.Empty:
        return None


class RedisBroker:
    """One Redis channel per topic, named with the desk's RQ_QUEUE_PREFIX (desks sharing a Redis
    stay apart)."""

    def __init__(self, app):
        from redis import Redis

        self.prefix = f"{app.config.get('RQ_QUEUE_PREFIX') or ''}live:"
        self.redis = Redis.from_url(app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2)

    def publish(self, topics: list[str]) -> None:
        with self.redis.pipeline(transaction=False) as pipe:
            for topic in topics:
                pipe.publish(self.prefix + topic, topic)
            pipe.execute()

    @contextmanager
    def subscribe(self, topics: list[str]):
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(*(self.prefix + topic for topic in topics))
        try:
            yield lambda timeout: _topic(pubsub.get_message(timeout=timeout))
        finally:
            pubsub.close()


def _topic(message) -> str | None:
    if not message or message.get("type") != "message":
        return None
    data = message["data"]
    return data.decode() if isinstance(data, bytes) else data
