"""The import API: an admin uploads, the job runs, the status endpoint shows the result."""
import io
from pathlib import Path

import pytest

from desk.extensions import db
from models import Account, ImportRun
from tests.helpers import DATA, clean_redis, redis_config

GOOD = b"Account #,First Name,Last Name,Cell\nP-1,Ann,Lee,214-555-0111\nP-2,Bob,Ray,12\n"


def _upload(client, kind="accounts", content=GOOD, filename="export.csv", mapping=None, **kw):
    data = {"file": (io.BytesIO(content), filename)}
    if mapping:
        data["mapping"] = (io.BytesIO(mapping[0]), mapping[1])
    return client.post(f"/api/v1/imports/{kind}", data=data, content_type="multipart/form-data", **kw)


def test_admin_upload_runs_the_job_and_reports(admin_api, app):
    response = _upload(admin_api)
    assert response.status_code == 202, response.json
    assert response.json["status"] == "queued" and response.json["url"].endswith(f"/{response.json['id']}")
    status = admin_api.get(f"/api/v1/imports/{response.json['id']}")
    assert status.status_code == 200
    body = status.json
    assert body["status"] == "done" and body["processed"] == body["total"] == 2
    assert (body["created"], body["updated"], body["unchanged"], body["failed"]) == (1, 0, 0, 1)
    assert body["errors"] == [{"line": 3, "column": "Cell", "message": "Not a valid phone number.", "value": "12"}]
    with app.app_context():
        assert [a.number for a in db.session.query(Account)] == ["P-1"]
        run = db.session.get(ImportRun, body["id"])
        assert run.filename == "export.csv" and run.storage_key not in ("export.csv", None)
    stored = Path(app.config["UPLOAD_DIR"]) / "imports"
    assert stored.is_dir() and list(stored.iterdir()) == []  # deleted once imported


def test_payments_upload_with_mapping(admin_api, app, account):
    csv = b"Loan;When;Paid\nA-1001;11/20/2026;$25.00\n"
    mapping = (b'[columns]\nnumber = "Loan"\npaid_on = "When"\namount = "Paid"\n', "dms.toml")
    response = _upload(admin_api, "payments", csv, mapping=mapping)
    assert response.status_code == 202, response.json
    body = admin_api.get(f"/api/v1/imports/{response.json['id']}").json
    assert body["created"] == 1 and body["status"] == "done"


def test_collector_gets_403(api):
    assert _upload(api).status_code == 403
    assert api.get("/api/v1/imports/1").status_code == 403


def test_needs_login(client, app):
    assert _upload(client).status_code == 401


@pytest.mark.parametrize("filename, content, field", [
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "file"),
    ("export.xlsx", b"PK\x03\x04", "file"),
    ("export.csv", b"PK\x03\x04\x00\x00\x00", "file"),
    ("export.csv", b"Acct,Phone\nA-1,2145550111\n", "columns"),
    ("export.csv", b"", "file"),
])
def test_bad_file_is_422(admin_api, app, filename, content, field):
    response = _upload(admin_api, content=content, filename=filename)
    assert response.status_code == 422, response.json
    assert response.json["error"]["message"]
    with app.app_context():
        assert db.session.query(ImportRun).count() == 0


def test_missing_file_and_bad_mapping_are_422(admin_api):
    response = admin_api.post("/api/v1/imports/accounts", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "file" in response.json["error"]["fields"]
    response = _upload(admin_api, mapping=(b"{not json", "map.json"))
    assert response.status_code == 422 and "not valid JSON" in response.json["error"]["message"]


def test_unknown_import_is_404_and_kind_must_be_known(admin_api):
    assert admin_api.get("/api/v1/imports/999").status_code == 404
    assert _upload(admin_api, kind="cars").status_code == 404


def test_real_file_through_the_api(admin_api, app):
    content = (DATA / "accounts_cp1252_semicolon.csv").read_bytes()
    response = _upload(admin_api, content=content, filename="dms export.csv")
    body = admin_api.get(f"/api/v1/imports/{response.json['id']}").json
    assert body["created"] == 3 and body["failed"] == 0


def test_import_paths_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/imports/accounts" in paths and "/imports/{import_id}" in paths
    assert paths["/imports/{import_id}"]["get"]["parameters"][0]["name"] == "import_id"


def test_too_large_upload_is_refused_cleanly(admin_api, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = _upload(admin_api, content=GOOD + b"P-9,Ann,Lee,214-555-0111\n" * 100)
    assert response.status_code == 413 and response.json["error"]["message"]


@pytest.mark.redis
def test_upload_runs_on_a_real_rq_worker(app_config, app, admin_api):
    from jobs.queues import worker

    url, prefix = redis_config(app.config)
    try:
        response = _upload(admin_api)
        assert response.status_code == 202
        assert admin_api.get(response.json["url"].removeprefix("http://localhost")).json["status"] == "queued"
        worker(app).work(burst=True)
        body = admin_api.get(f"/api/v1/imports/{response.json['id']}").json
        assert (body["status"], body["created"], body["failed"]) == ("done", 1, 1)
    finally:
        clean_redis(url, prefix)
