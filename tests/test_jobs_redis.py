"""Jobs through a real Redis and a real RQ worker: retries, exactly one email, Redis outages."""
import time
from datetime import timedelta

import pytest

from desk.extensions import db
from jobs import outbox
from jobs.failed import failed_jobs, retry
from jobs.queues import worker
from models import Email, OutboxJob
from tests import smtp_server

pytestmark = pytest.mark.redis



def email_row(app) -> Email:
    with app.app_context():
        email = db.session.execute(db.select(Email)).scalar_one()
        db.session.expunge(email)
        return email


def test_smtp_down_then_up_is_retried_and_sent_once(redis_url, app, api, account):
    port = smtp_server.free_port()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    assert api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"}).status_code == 202

    worker(app).work(burst=True)
    first = email_row(app)
    assert first.status == "queued" and "Temporary failure" in first.error and first.attempts == 1

    inbox = smtp_server.Inbox()
    controller = smtp_server.start(inbox, port=port)
    try:
        time.sleep(1.2)  # the retry is scheduled one second out
        worker(app).work(burst=True, with_scheduler=True)
        worker(app).work(burst=True, with_scheduler=True)
    finally:
        controller.stop()
    sent = email_row(app)
    assert sent.status == "sent" and sent.attempts == 2 and sent.error is None
    assert len(inbox.messages) == 1 and inbox.messages[0]["message"]["Message-ID"] == sent.message_id


def test_redis_down_nothing_is_lost(redis_url, app, api, account):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nobody listens there
    answer = api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"})
    assert answer.status_code == 202
    with app.app_context():
        row = db.session.execute(db.select(OutboxJob)).scalar_one()
        assert row.status == "pending" and "Redis" in row.error

    app.config["REDIS_URL"] = redis_url  # Redis is back; the sweeper hands the job on
    inbox = smtp_server.Inbox()
    controller = smtp_server.start(inbox)
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    try:
        assert outbox.sweep(app, older_than=timedelta(0)) == 1
        assert outbox.sweep(app, older_than=timedelta(0)) == 0
        worker(app).work(burst=True)
    finally:
        controller.stop()
    assert email_row(app).status == "sent" and len(inbox.messages) == 1


def test_failed_jobs_are_listed_and_retried(redis_url, app, api, account, admin_api):
    app.config["JOB_RETRY_INTERVALS"] = []
    port = smtp_server.free_port()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"})
    worker(app).work(burst=True)
    with app.app_context():
        [failed] = failed_jobs(app)
    assert failed.source == "rq" and failed.func_path == "jobs.email.send_email_job"
    assert "TemporaryFailure" in failed.error

    page = admin_api.get("/admin/jobs")
    assert page.status_code == 200 and b"send_email_job" in page.data and b"Retry" in page.data

    inbox = smtp_server.Inbox()
    controller = smtp_server.start(inbox, port=port)
    try:
        answer = admin_api.post(f"/admin/jobs/rq/{failed.id}/retry")
        assert answer.status_code == 302
        worker(app).work(burst=True)
    finally:
        controller.stop()
    assert email_row(app).status == "sent" and len(inbox.messages) == 1
    with app.app_context():
        assert failed_jobs(app) == [] and not retry(app, "rq", failed.id)


def test_desk_worker_burst_runs_the_queued_email(redis_url, app, api, account, runner):
    inbox = smtp_server.Inbox()
    controller = smtp_server.start(inbox)
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    try:
        api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"})
        result = runner.invoke(args=["worker", "--burst"])
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert email_row(app).status == "sent" and len(inbox.messages) == 1
