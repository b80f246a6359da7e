"""Twilio's REST API answering 5xx or too slowly: texts are retried (by RQ, through a real
worker) and reach the customer once each; a call Twilio did not take is not placed twice."""
import time

import pytest

from desk.extensions import db
from jobs.queues import worker
from models import Call, Message
from tests.helpers import fresh

pytestmark = pytest.mark.redis
BODIES = [f"Reminder {n}" for n in range(5)]


def all_delivered(app, ids) -> bool:
    return all(fresh(app, Message, i).status == "delivered" for i in ids)


def test_texts_through_5xx_and_timeouts_reach_the_customer_once(redis_url, app, api, account, sim):
    app.config["TWILIO_HTTP_TIMEOUT"] = 0.5
    sim.fault("rest_500", times=3)
    sim.fault("rest_timeout", times=2, seconds=1.0)
    ids = [api.post(f"/api/v1/accounts/{account}/messages", json={"body": body}).json["id"] for body in BODIES]
    for _ in range(10):  # bounded: each round runs what is due, retries are a second apart
        worker(app).work(burst=True, with_scheduler=True)
        if all_delivered(app, ids) and sim.wait_until(sim.idle):
            break
        time.sleep(1.1)
    assert all_delivered(app, ids)
    assert sorted(m["body"] for m in sim.world.phone_inbox) == BODIES  # one delivery per message
    assert len(sim.world.messages) == len(BODIES)
    assert sum(fresh(app, Message, i).send_attempts for i in ids) > len(BODIES)  # some were retried


@pytest.mark.parametrize("fault", ["rest_500", "rest_timeout"])
def test_a_call_twilio_did_not_take_is_placed_once_when_tried_again(app, api, account, sim, fault):
    app.config["TWILIO_HTTP_TIMEOUT"] = 0.5
    sim.fault(fault, times=1, seconds=1.0)
    assert api.post(f"/api/v1/accounts/{account}/calls", json={}).status_code == 503
    assert sim.world.calls == {}
    app.config["TWILIO_HTTP_TIMEOUT"] = 30  # the retry is not raced against a loaded machine
    again = api.post(f"/api/v1/accounts/{account}/calls", json={})
    assert again.status_code in (201, 202), again.json
    assert sim.wait_until(sim.idle, timeout=20)
    placed = [c for c in sim.world.calls.values() if c.data["direction"] == "outbound-api"]
    assert len(placed) == 1
    with app.app_context():
        statuses = sorted(c.status for c in db.session.execute(db.select(Call)).scalars())
    assert len(statuses) == 2 and statuses.count("failed") == 1  # the refused try is kept, failed


def test_a_text_twilio_took_but_answered_too_late_is_not_sent_again(redis_url, app, api, account, sim):
    """The create timed out on our side, yet Twilio had the message: its status callbacks tell
    the desk so, and the retry sends nothing more."""
    app.config["TWILIO_HTTP_TIMEOUT"] = 0.5
    sim.fault("rest_lost_answer", seconds=1.0)
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "Only once"})
    worker(app).work(burst=True)
    assert sim.wait_until(lambda: fresh(app, Message, answer.json["id"]).status == "delivered")
    time.sleep(1.2)  # the retry is due
    worker(app).work(burst=True, with_scheduler=True)
    assert sim.wait_until(sim.idle)
    assert [m["body"] for m in sim.world.phone_inbox] == ["Only once"]
    message = fresh(app, Message, answer.json["id"])
    assert message.twilio_sid in sim.world.messages and message.status == "delivered"
    assert api.post(f"/api/v1/messages/{message.id}/retry").status_code == 409


def test_a_call_twilio_took_but_answered_too_late(app, api, account, sim):
    app.config["TWILIO_HTTP_TIMEOUT"] = 0.5
    sim.fault("rest_lost_answer", seconds=1.0)
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={})
    assert sim.wait_until(sim.idle, timeout=20)
    placed = [c for c in sim.world.calls.values() if c.data["direction"] == "outbound-api"]
    assert len(placed) == 1
    with app.app_context():
        [call] = db.session.execute(db.select(Call)).scalars().all()
    assert answer.status_code == 503 or answer.json["id"] == call.id
    assert call.twilio_sid == placed[0].sid  # the callbacks matched it to the desk's call
