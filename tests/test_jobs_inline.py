"""Jobs without Redis: the outbox records failures, and admins retry them from /admin/jobs."""
from desk.extensions import db
from models import Email, OutboxJob
from tests import smtp_server


def test_failed_inline_job_is_listed_and_retried(app, api, admin_api, account):
    port = smtp_server.free_port()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    assert api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "x"}).status_code == 202
    with app.app_context():
        row = db.session.execute(db.select(OutboxJob)).scalar_one()
        assert row.status == "failed" and "TemporaryFailure" in row.error

    page = admin_api.get("/admin/jobs")
    assert page.status_code == 200 and b"jobs.email.send_email_job" in page.data

    inbox = smtp_server.Inbox()
    controller = smtp_server.start(inbox, port=port)
    try:
        assert admin_api.post(f"/admin/jobs/outbox/{row.id}/retry").status_code == 302
    finally:
        controller.stop()
    with app.app_context():
        assert db.session.execute(db.select(Email.status)).scalar_one() == "sent"
        assert db.session.get(OutboxJob, row.id).status == "done"
    assert len(inbox.messages) == 1
    assert b"No failed jobs" in admin_api.get("/admin/jobs").data
    assert admin_api.post(f"/admin/jobs/outbox/{row.id}/retry").status_code == 302  # no longer failed


def test_failed_jobs_page_is_for_admins(api, client, auth, account):
    assert api.get("/admin/jobs").status_code == 403
    assert api.post("/admin/jobs/outbox/1/retry").status_code == 403
    assert client.get("/admin/jobs").status_code in (302, 401, 403)


def test_worker_needs_redis(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_a_rolled_back_request_queues_nothing(app, api, account):
    answer = api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "{{ nope }}"})
    assert answer.status_code == 422
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(OutboxJob.id))).scalar() == 0
