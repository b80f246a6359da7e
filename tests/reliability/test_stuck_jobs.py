"""A job left running by a process that died (killed mid-job) is taken back when its lease runs
out: run again, or, once its attempts are used up, failed with Retry (the failed jobs page and
the text's own Retry now). A text already sent is never sent twice."""
from datetime import timedelta

from desk.extensions import db
from jobs import leases, outbox
from models import Message, OutboxJob, utcnow
from tests.helpers import (
    MOBILE,
    closed_port,
    desk_process,
    fresh,
    hanging_server,
    kill_when,
    process_config,
    wait_for,
)


def queued_text(app, api, account) -> tuple[int, int]:
    """A text whose send job is committed but not yet run (Redis was down): (message, row)."""
    url = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{closed_port()}/0"
    sent = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "Your payment is due"})
    app.config["REDIS_URL"] = url
    assert sent.status_code == 202
    with app.app_context():
        row = db.session.execute(db.select(OutboxJob).where(OutboxJob.func_path.like("%send_message%"))).scalar_one()
        assert row.status == "pending"
        return sent.json["id"], row.id


def kill_mid_send(app, message_id: int, row_id: int, tmp_path) -> None:
    """Another desk process runs the send; Twilio never answers; the process is killed while it
    waits (after it claimed the text), leaving the row running."""
    with hanging_server() as twilio:
        config = process_config(app) | {
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "token", "TWILIO_FROM_NUMBER": "+15005550099",
            "TWILIO_API_BASE_URL": f"http://127.0.0.1:{twilio}", "TWILIO_HTTP_TIMEOUT": 600,
            "PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"], "JOB_LEASE_SECONDS": 1}
        process = desk_process(config, row_id, tmp_path / "other")
        kill_when(process, lambda: fresh(app, Message, message_id).send_attempts == 1)
    row = fresh(app, OutboxJob, row_id)
    assert row.status == "running" and row.lease_expires_at is not None


def test_a_job_whose_process_was_killed_runs_again_and_sends_once(app, api, account, sim, tmp_path):
    message_id, row_id = queued_text(app, api, account)
    kill_mid_send(app, message_id, row_id, tmp_path)

    assert wait_for(lambda: outbox.sweep(app) > 0, timeout=30)  # once the lease has run out
    assert fresh(app, OutboxJob, row_id).status == "done"
    assert fresh(app, OutboxJob, row_id).attempts == 2
    assert wait_for(lambda: fresh(app, Message, message_id).status == "delivered")
    assert [m["body"] for m in sim.world.phone_inbox] == ["Your payment is due"]

    # the killed run "finishing" late records nothing, and the send job never sends twice
    with app.app_context():
        assert not outbox._finish(db.engine, row_id, 1, status="failed", error="late")
        from jobs.messages import send_message_job

        send_message_job(message_id)
    assert fresh(app, OutboxJob, row_id).status == "done"
    assert sim.wait_until(sim.idle)
    assert [m["body"] for m in sim.world.phone_inbox] == ["Your payment is due"]


def test_a_job_interrupted_too_often_is_failed_with_retry(app, api, admin_api, auth, client, account, sim,
                                                          tmp_path):
    app.config["JOB_MAX_ATTEMPTS"] = 1
    message_id, row_id = queued_text(app, api, account)
    kill_mid_send(app, message_id, row_id, tmp_path)

    assert wait_for(lambda: outbox.sweep(app) > 0, timeout=30)
    row = fresh(app, OutboxJob, row_id)
    assert row.status == "failed" and "Interrupted" in row.error
    message = fresh(app, Message, message_id)
    assert message.status == "queued" and "interrupted" in message.error_message
    assert sim.world.phone_inbox == []

    auth.login()
    thread = client.get(f"/accounts/{account}/sms/thread").data
    assert b"Retry now" in thread and b"interrupted" in thread
    jobs_page = admin_api.get("/admin/jobs").data
    assert b"send_message_job" in jobs_page and b"Interrupted" in jobs_page

    assert admin_api.post(f"/admin/jobs/outbox/{row_id}/retry").status_code == 302
    assert fresh(app, OutboxJob, row_id).status == "done"
    assert wait_for(lambda: fresh(app, Message, message_id).status == "delivered")
    assert [m["body"] for m in sim.world.phone_inbox] == ["Your payment is due"]
    assert MOBILE in [m["to"] for m in sim.world.phone_inbox]


def test_a_live_lease_is_left_alone_and_an_expired_one_is_taken_once(app):
    with app.app_context():
        row = OutboxJob(func_path="jobs.media.fetch_media_job", args=[1], queue="media", status="running",
                        attempts=1, lease_expires_at=utcnow() + timedelta(minutes=5))
        db.session.add(row)
        db.session.commit()
        row_id = row.id
    assert leases.reclaim_expired(app) == 0
    assert fresh(app, OutboxJob, row_id).status == "running"

    moment = utcnow()
    with app.app_context():
        db.session.execute(db.update(OutboxJob).values(lease_expires_at=moment - timedelta(seconds=1)))
        db.session.commit()
    assert leases._take_back(app, row_id, moment) is True  # the first sweeper takes it
    assert leases._take_back(app, row_id, moment) is False  # a second one finds nothing to take
    assert fresh(app, OutboxJob, row_id).status == "pending"
