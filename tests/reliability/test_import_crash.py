"""An import whose process is killed mid-run (a real SIGKILL after its first committed chunk)
resumes where it stopped once the sweeper takes its job back, or, with its attempts used up, is
failed with Retry (the page and the API). Its uploaded file is removed once it ends."""
import io
import os
from datetime import timedelta
from pathlib import Path

from desk.extensions import db
from jobs import outbox
from models import Account, ImportRun, OutboxJob, utcnow
from tests.helpers import closed_port, desk_process, desk_worker, fresh, kill_when, process_config, wait_for

ROWS = 1600  # four chunks of 500


def export() -> bytes:
    lines = ["Account Number,First Name,Last Name,Balance"]
    lines += [f"K-{n:05d},Pat,Lee{n},{100 + n}.00" for n in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def stored_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_DIR"]) / "imports"
    return sorted(folder.glob("*")) if folder.exists() else []


def killed_after_first_chunk(app, admin_api, tmp_path) -> tuple[int, int]:
    """Upload (the job stays pending: Redis is down), run it in another desk process slowed
    between chunks, and kill that process once the first chunk is committed."""
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{closed_port()}/0"
    answer = admin_api.post("/api/v1/imports/accounts", data={"file": (io.BytesIO(export()), "dms.csv")},
                            content_type="multipart/form-data")
    app.config["REDIS_URL"] = None
    assert answer.status_code == 202
    run_id = answer.json["id"]
    with app.app_context():
        row_id = db.session.execute(db.select(OutboxJob.id)).scalar_one()
    config = process_config(app) | {"IMPORT_CHUNK_PAUSE": 600, "JOB_LEASE_SECONDS": 1}
    process = desk_process(config, row_id, tmp_path / "other")
    kill_when(process, lambda: fresh(app, ImportRun, run_id).processed >= 500)
    run = fresh(app, ImportRun, run_id)
    assert (run.status, run.processed, run.created) == ("running", 500, 500)
    assert fresh(app, OutboxJob, row_id).status == "running"
    assert len(stored_files(app)) == 1
    return run_id, row_id


def accounts(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Account.id)))


def test_a_killed_import_resumes_where_it_stopped(app, admin_api, tmp_path):
    run_id, row_id = killed_after_first_chunk(app, admin_api, tmp_path)

    assert wait_for(lambda: outbox.sweep(app) > 0, timeout=30)  # once the lease has run out
    run = fresh(app, ImportRun, run_id)
    assert (run.status, run.processed, run.created, run.updated, run.failed) == ("done", ROWS, ROWS, 0, 0)
    assert accounts(app) == ROWS
    assert fresh(app, OutboxJob, row_id).status == "done"
    assert stored_files(app) == []


def test_an_import_interrupted_too_often_fails_with_retry(app, admin_api, tmp_path):
    app.config["JOB_MAX_ATTEMPTS"] = 1
    run_id, row_id = killed_after_first_chunk(app, admin_api, tmp_path)

    assert wait_for(lambda: outbox.sweep(app) > 0, timeout=30)
    status = admin_api.get(f"/api/v1/imports/{run_id}").json
    assert status["status"] == "failed" and status["retryable"] is True
    assert "Stopped at row 500 of 1600" in status["message"]
    page = admin_api.get(f"/admin/imports/{run_id}").data.decode()
    assert 'id="import-retry"' in page and 'data-field="retry" hidden' not in page
    assert len(stored_files(app)) == 1  # kept for Retry

    retried = admin_api.post(f"/api/v1/imports/{run_id}/retry")
    assert retried.status_code == 202 and retried.json["status"] == "queued"
    run = fresh(app, ImportRun, run_id)
    assert (run.status, run.processed, run.created) == ("done", ROWS, ROWS)
    assert accounts(app) == ROWS
    assert stored_files(app) == []

    again = admin_api.post(f"/api/v1/imports/{run_id}/retry")
    assert again.status_code == 409 and "only a failed import" in again.json["error"]["message"]
    assert admin_api.post("/api/v1/imports/999999/retry").status_code == 404


def test_the_console_retries_a_failed_import(app, admin_api, tmp_path):
    app.config["JOB_MAX_ATTEMPTS"] = 1
    run_id, _ = killed_after_first_chunk(app, admin_api, tmp_path)
    assert wait_for(lambda: outbox.sweep(app) > 0, timeout=30)
    assert admin_api.post(f"/admin/imports/{run_id}/retry").status_code == 302
    assert fresh(app, ImportRun, run_id).status == "done" and stored_files(app) == []


def test_an_import_whose_worker_was_killed_resumes_on_another_worker(redis_url, app, admin_api, tmp_path):
    """With Redis: `desk worker` (its own process) is killed mid-import; the sweeper queues the
    job again and another worker carries on from the last committed chunk."""
    from jobs.queues import worker

    answer = admin_api.post("/api/v1/imports/accounts", data={"file": (io.BytesIO(export()), "dms.csv")},
                            content_type="multipart/form-data")
    assert answer.status_code == 202
    run_id = answer.json["id"]
    with app.app_context():
        row_id = db.session.execute(db.select(OutboxJob.id)).scalar_one()
    assert fresh(app, OutboxJob, row_id).status == "dispatched"
    config = process_config(app) | {"REDIS_URL": redis_url, "RQ_QUEUE_PREFIX": app.config["RQ_QUEUE_PREFIX"],
                                    "IMPORT_CHUNK_PAUSE": 600, "JOB_LEASE_SECONDS": 1}
    kill_when(desk_worker(config, tmp_path / "other"), lambda: fresh(app, ImportRun, run_id).processed >= 500)
    assert fresh(app, OutboxJob, row_id).status == "running"

    assert wait_for(lambda: outbox.sweep(app) > 0, timeout=30)  # queued again once the lease ran out
    assert fresh(app, OutboxJob, row_id).status == "dispatched"
    worker(app).work(burst=True)
    run = fresh(app, ImportRun, run_id)
    assert (run.status, run.processed, run.created) == ("done", ROWS, ROWS)
    assert accounts(app) == ROWS
    assert fresh(app, OutboxJob, row_id).status == "done"
    assert stored_files(app) == []


def test_collectors_cannot_retry_imports(api):
    assert api.post("/api/v1/imports/1/retry").status_code == 403


def test_no_upload_is_left_behind(app, admin_api):
    """A file no import names (its upload was rolled back) and a week-old failed import's file
    are removed; a fresh failed import keeps its file for Retry."""
    from desk.imports import discard_stale_uploads, new_run, store_upload

    with app.app_context():
        old, recent = (new_run("accounts", "a.csv", None, None) for _ in range(2))
        for run in (old, recent):
            store_upload(run, export())
            run.status, run.finished_at = "failed", utcnow()
        old.finished_at = utcnow() - timedelta(days=8)
        db.session.commit()
        orphan = Path(app.config["UPLOAD_DIR"]) / "imports" / "0123abcd.csv"
        orphan.write_bytes(b"x")
        os.utime(orphan, (0, 0))
        assert discard_stale_uploads() == 2
        assert [p.name for p in stored_files(app)] == [f"{recent.storage_key}.csv"]
