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
import time

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

    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback, even before anything is written, forgets the topic
    session.info.setdefault(TOPICS, set()).add(topic)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    topics = session.info.pop(TOPICS, None)
    if topics:
        publish(current_app._get_current_object(), topics)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    """Also when nothing reached the database yet (marking a topic writes nothing); a savepoint
    rolled back keeps what the transaction around it marked."""
    if not previous_transaction.nested:
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
        found = RedisBroker(app) if app.config["REDIS_URL"] else LocalBroker()
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

    def subscribe(self, topics: list[str]) -> "LocalSubscription":
        inbox = LocalSubscription(self, topics)
        with self._lock:
            for topic in topics:
                self._subscribers.setdefault(topic, set()).add(inbox)
        return inbox

    def unsubscribe(self, inbox: "LocalSubscription") -> None:
        with self._lock:
            for topic in inbox.topics:
                self._subscribers.get(topic, set()).discard(inbox)


class LocalSubscription(queue.SimpleQueue):
    def __init__(self, broker: LocalBroker, topics: list[str]):
        super().__init__()
        self.broker, self.topics = broker, topics

    def next(self, timeout: float) -> str | None:
        """The next topic published, or None after `timeout` seconds."""
        try:
            return self.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self.broker.unsubscribe(self)


class RedisBroker:
    """One Redis channel per topic, named with the desk's RQ_QUEUE_PREFIX (desks sharing a Redis
    stay apart)."""

    def __init__(self, app):
        from desk.redis_client import redis_client

        self.prefix = f"{app.config['RQ_QUEUE_PREFIX']}live:"
        self.redis = redis_client(app)  # short timeouts: a hanging Redis never holds a request

    def publish(self, topics: list[str]) -> None:
        with self.redis.pipeline(transaction=False) as pipe:
            for topic in topics:
                pipe.publish(self.prefix + topic, topic)
            pipe.execute()

    def subscribe(self, topics: list[str]) -> "RedisSubscription":
        return RedisSubscription(self.redis, [self.prefix + topic for topic in topics])


class RedisSubscription:
    def __init__(self, redis, channels: list[str]):
        self.pubsub = redis.pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(*channels)  # raises at once when Redis is down

    def next(self, timeout: float) -> str | None:
        """The next topic published, or None after `timeout` seconds."""
        ends = time.monotonic() + timeout
        while (left := ends - time.monotonic()) > 0:
            message = self.pubsub.get_message(timeout=left)  # None too for Redis's own replies
            if message and message.get("type") == "message":
                data = message["data"]
                return data.decode() if isinstance(data, bytes) else data
        return None

    def close(self) -> None:
        self.pubsub.close()
