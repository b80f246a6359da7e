"""A Redis that accepts connections and never answers: requests still answer (the Redis clients
of the web process time out after REDIS_SOCKET_TIMEOUT), the job stays pending in the outbox,
and the sweeper hands it on once Redis answers again. Each request runs under a 20 s guard, so
a request that would wait for ever fails instead of hanging the test run."""
from datetime import timedelta

import pytest

from desk.extensions import db
from jobs import outbox
from jobs.queues import worker
from models import Activity, Message, OutboxJob
from tests.helpers import finishes, fresh, hanging_server, wait_for

pytestmark = pytest.mark.redis


@pytest.fixture
def hung_redis(app):
    """REDIS_URL points at a server that never answers while the block runs."""
    app.config.update(REDIS_CONNECT_TIMEOUT=0.5, REDIS_SOCKET_TIMEOUT=0.5)
    with hanging_server() as port:
        app.config["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        app.extensions.pop("desk.live", None)
        yield
    app.extensions.pop("desk.live", None)


def test_a_text_sent_while_redis_hangs_is_accepted_and_goes_later(redis_url, app, api, account, sim, hung_redis):

    sent = finishes(lambda: api.post(f"/api/v1/accounts/{account}/messages", json={"body": "See you Friday"}))
    assert sent.status_code == 202 and sent.json["status"] == "queued"
    with app.app_context():
        row = db.session.execute(db.select(OutboxJob)).scalar_one()
        assert row.status == "pending" and row.error.startswith("Redis") and row.attempts == 0
    assert sim.world.phone_inbox == []

    app.config["REDIS_URL"] = redis_url  # Redis answers again
    app.extensions.pop("desk.live", None)
    assert outbox.sweep(app, older_than=timedelta(0)) == 1
    worker(app).work(burst=True)
    assert wait_for(lambda: fresh(app, Message, sent.json["id"]).status == "delivered")
    assert [m["body"] for m in sim.world.phone_inbox] == ["See you Friday"]


def test_an_activity_and_an_email_while_redis_hangs(redis_url, app, api, account, hung_redis):

    noted = finishes(lambda: api.post(f"/api/v1/accounts/{account}/activities",
                                      json={"notes": "Customer says payment Friday"}))
    assert noted.status_code == 201
    emailed = finishes(lambda: api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"}))
    assert emailed.status_code == 202
    with app.app_context():
        assert db.session.get(Activity, noted.json["id"]).notes == "Customer says payment Friday"
        assert [(r.func_path, r.status) for r in db.session.execute(db.select(OutboxJob)).scalars()] == [
            ("jobs.email.send_email_job", "pending")]


def test_live_updates_fall_back_to_polling_while_redis_hangs(app, auth, client, account, hung_redis):

    auth.login()
    stream = finishes(lambda: client.get(f"/live/events?account={account}"))
    assert stream.status_code == 503 and stream.headers["Retry-After"] == "10"


def test_every_redis_client_of_the_web_process_has_the_short_timeouts(app):
    """redis-py's own default waits 5 s per command (older versions: for ever); the web
    process's clients use REDIS_CONNECT_TIMEOUT and REDIS_SOCKET_TIMEOUT instead."""
    from desk import live_updates
    from jobs.queues import connection

    app.config.update(REDIS_URL="redis://127.0.0.1:6379/0", REDIS_CONNECT_TIMEOUT=0.25, REDIS_SOCKET_TIMEOUT=0.75)
    clients = [connection(app), live_updates.RedisBroker(app).redis]
    for client in clients:
        options = client.connection_pool.connection_kwargs
        assert (options["socket_connect_timeout"], options["socket_timeout"]) == (0.25, 0.75)


def test_the_failed_jobs_page_answers_while_redis_hangs(app, admin_api, hung_redis):
    with app.app_context():
        db.session.add(OutboxJob(func_path="jobs.media.fetch_media_job", args=[7], queue="media", status="failed",
                                 attempts=1, error="Interrupted"))
        db.session.commit()
    page = finishes(lambda: admin_api.get("/admin/jobs"))
    assert page.status_code == 200 and b"fetch_media_job" in page.data
