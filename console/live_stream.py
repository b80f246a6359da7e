"""The page's push channel: Server-Sent Events naming what changed (static/live.js listens).

One stream per browser: static/live_worker.js holds it for all of the browser's desk tabs (a
browser opens at most six connections to a host, so a stream per tab would stall the seventh
page). It carries the signed-in user's own topic (calls waiting for an outcome) and the topics
of the accounts the tabs show (`?account=1&account=2`: texts in and out, delivery statuses). Each event
carries only a topic; the page then fetches the part it shows through the usual routes, so the
stream never carries customer data and needs no access rules of its own beyond the login.
"""
import threading
import time

from flask import Response, current_app, request
from flask_login import current_user, login_required
from sqlalchemy import func, select

from console import bp
from desk import live_updates as live
from desk.extensions import db
from models import Account

KEEPALIVE_SECONDS = 15.0
MAX_ACCOUNTS = 200  # accounts one stream follows: far more tabs than anyone keeps open


@bp.get("/live/events")
@login_required
def live_events():
    """text/event-stream for this page's topics; 503 when this process has no stream to spare
    or Redis is down (the page then polls every second)."""
    topics = _page_topics()
    if topics is None:
        return Response("No such account.\n", 404, mimetype="text/plain")
    db.session.remove()  # the stream holds no database connection
    slots = _slots(current_app)
    if not slots.acquire(blocking=False):
        return Response("Too many open pages on this server; polling instead.\n", 503,
                        {"Retry-After": "30"}, mimetype="text/plain")
    app = current_app._get_current_object()
    try:
        subscription = live.broker(app).subscribe(topics)
    except Exception:  # noqa: BLE001 - Redis down: the page polls until it comes back
        slots.release()
        return Response("Live updates are unavailable; polling instead.\n", 503,
                        {"Retry-After": "10"}, mimetype="text/plain")
    lifetime = app.config["LIVE_STREAM_SECONDS"]
    return Response(_events(subscription, slots, lifetime), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _page_topics() -> list[str] | None:
    """The user's own topic, and each account's the tabs show (None: no such account, or more
    accounts than one browser's tabs would show)."""
    wanted = set()
    for given in request.args.getlist("account"):
        account_id = int(given) if given.isdigit() and len(given) < 11 else 0
        if not 0 < account_id < 2**31:
            return None
        wanted.add(account_id)
    if len(wanted) > MAX_ACCOUNTS:
        return None
    if wanted and db.session.scalar(select(func.count()).where(Account.id.in_(wanted))) != len(wanted):
        return None
    return [f"user:{current_user.id}", *(f"account:{account_id}" for account_id in sorted(wanted))]


def _slots(app) -> threading.BoundedSemaphore:
    """Streams this process may hold open at once (each holds a server thread)."""
    found = app.extensions.get("desk.live_slots")
    if found is None:
        found = app.extensions["desk.live_slots"] = threading.BoundedSemaphore(app.config["LIVE_MAX_STREAMS"])
    return found


def _events(subscription, slots, lifetime: float):
    """`ready` first (the page catches up on anything it missed), then one `changed` event per
    topic, a comment every 15 s to keep proxies from closing the stream; closed after
    `lifetime` seconds so server threads cycle (the browser reconnects by itself)."""
    try:
        yield "retry: 2000\nevent: ready\ndata: \n\n"
        ends = time.monotonic() + lifetime
        while (left := ends - time.monotonic()) > 0:
            topic = subscription.next(min(KEEPALIVE_SECONDS, left))
            yield f"event: changed\ndata: {topic}\n\n" if topic else ": keep-alive\n\n"
    except Exception:  # noqa: BLE001 - the broker went away: end the stream, the page reconnects
        return
    finally:
        subscription.close()
        slots.release()
