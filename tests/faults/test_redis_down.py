"""Redis down while Twilio posts webhooks and collectors send texts: every webhook is still
answered 2xx, nothing is lost, and the queued work runs once Redis is back (the outbox sweeper
hands it on; a real RQ worker runs it). tests/test_jobs_redis.py covers the email side."""
from datetime import timedelta

import pytest

from desk.extensions import db
from jobs import outbox
from jobs.queues import worker
from models import Message, MessageMedia, OutboxJob
from tests.helpers import MOBILE, PNG, closed_port, fresh, wait_for

pytestmark = pytest.mark.redis


def outbox_rows(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(row.func_path, row.status) for row in db.session.execute(
            db.select(OutboxJob).order_by(OutboxJob.id)).scalars()]


def test_webhooks_and_sends_survive_redis_down(redis_url, app, api, account, sim):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{closed_port()}/0"
    inbound = sim.customer_sms(MOBILE, "here is my receipt", media=[("r.png", PNG, None)])
    assert inbound.events[-1] == 200  # the desk answered Twilio
    sent = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "Thanks, got it"})
    assert sent.status_code == 202
    assert outbox_rows(app) == [("jobs.media.fetch_media_job", "pending"),
                                ("jobs.messages.send_message_job", "pending")]
    assert [d["status"] for d in sim.deliveries("/webhooks/twilio/sms")] == [200]
    assert sim.world.phone_inbox == []

    app.config["REDIS_URL"] = redis_url  # Redis is back
    assert outbox.sweep(app, older_than=timedelta(0)) == 2
    assert outbox.sweep(app, older_than=timedelta(0)) == 0
    worker(app).work(burst=True)

    with app.app_context():
        media_id = db.session.scalar(db.select(MessageMedia.id))
    assert fresh(app, MessageMedia, media_id).fetch_status == "stored"
    assert wait_for(lambda: fresh(app, Message, sent.json["id"]).status == "delivered")
    assert sim.wait_until(sim.idle)
    assert [m["body"] for m in sim.world.phone_inbox] == ["Thanks, got it"]
    statuses = sim.deliveries("/webhooks/twilio/sms/status")
    assert statuses and all(200 <= d["status"] < 300 for d in statuses)

