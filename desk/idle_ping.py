"""Pooled connections that sat unused for a while are pinged before use.

SQLAlchemy's pool_pre_ping pings on every checkout: one more round trip to the database on
every request, the dearest part of a webhook. A connection returned to the pool moments ago
is as good as its last statement, so only one idle for IDLE_SECONDS or more is pinged (after a
quiet spell, when a database restart or an idle timeout goes unnoticed). A connection that
breaks in between fails its first statement; SQLAlchemy then invalidates the whole pool, so
the next request gets a fresh connection, and Twilio sends a failed webhook again.
"""
import time

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

IDLE_SECONDS = 1.0
RETURNED_AT = "desk.returned_at"


def ping_after_idle(engine: Engine, seconds: float = IDLE_SECONDS) -> None:
    """Ping a connection on checkout when it was returned to the pool `seconds` or more ago;
    a disconnect invalidates the pool and the checkout is retried, as pool_pre_ping does."""

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record) -> None:
        record.info[RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, proxy) -> None:
        returned_at = record.info.get(RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError() from error
            raise
