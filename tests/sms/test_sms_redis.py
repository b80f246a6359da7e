"""Texts through a real Redis and RQ worker: Twilio down, RQ retries, the text goes out once."""
import time

import pytest

from jobs.queues import worker
from models import Message, MessageMedia
from tests.helpers import MOBILE, PNG, fresh, wait_for

pytestmark = pytest.mark.redis



def test_twilio_down_then_up_is_retried_by_rq_and_sent_once(redis_url, app, api, account, sim):
    sim.fault("rest_500")
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "Reminder"})
    assert answer.status_code == 202
    worker(app).work(burst=True)
    waiting = fresh(app, Message, answer.json["id"])
    assert (waiting.status, waiting.send_attempts, waiting.twilio_sid) == ("queued", 1, None)
    time.sleep(1.2)  # the retry is scheduled one second out
    worker(app).work(burst=True, with_scheduler=True)
    worker(app).work(burst=True, with_scheduler=True)
    assert wait_for(lambda: fresh(app, Message, answer.json["id"]).status == "delivered")
    assert fresh(app, Message, answer.json["id"]).send_attempts == 2
    assert len(sim.world.messages) == 1


def test_inbound_media_is_fetched_by_the_worker(redis_url, app, account, sim):
    sim.customer_sms(MOBILE, "receipt", media=[("r.png", PNG, None)])
    from desk.extensions import db

    with app.app_context():
        media_id = db.session.scalar(db.select(MessageMedia.id))
    assert fresh(app, MessageMedia, media_id).fetch_status == "pending"
    worker(app).work(burst=True)
    assert fresh(app, MessageMedia, media_id).fetch_status == "stored"
