"""CSV imports (admin): upload a DMS export, then watch the background job's progress."""
from flask import request, url_for
from flask_login import current_user

from api import bp
from api.openapi import EXTRA_OPERATIONS
from api.util import require_admin
from desk.extensions import db

RUN = {"type": "object", "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "filename": {"type": "string"},
    "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
    "message": {"type": "string", "nullable": True}, "total": {"type": "integer"},
    "processed": {"type": "integer"}, "created": {"type": "integer"}, "updated": {"type": "integer"},
    "unchanged": {"type": "integer"}, "failed": {"type": "integer"},
    "errors": {"type": "array", "items": {"type": "object", "properties": {
        "line": {"type": "integer"}, "column": {"type": "string"}, "message": {"type": "string"},
        "value": {"type": "string"}}}}}}
ACCEPTED = {"type": "object", "properties": {"id": {"type": "integer"}, "status": {"type": "string"},
                                             "url": {"type": "string"}}}
EXTRA_OPERATIONS.extend([
    ("/imports/accounts", "post", "Import accounts from a CSV (admin; multipart: file, optional mapping)",
     None, ACCEPTED, 202, False),
    ("/imports/payments", "post", "Import payments from a CSV (admin; multipart: file, optional mapping)",
     None, ACCEPTED, 202, False),
    ("/imports/{import_id}", "get", "An import's progress, counts and row errors (admin)", None, RUN, 200, False),
])


@bp.post("/imports/<any(accounts, payments):kind>")
def post_import(kind: str):
    from desk.imports import accept_upload

    require_admin()
    run = accept_upload(kind, request.files.get("file"), request.files.get("mapping"), current_user.id)
    accepted = {"id": run.id, "status": run.status, "url": url_for("api.read_import", import_id=run.id)}
    db.session.commit()  # the job starts once the run is committed
    return accepted, 202


@bp.get("/imports/<int:import_id>")
def read_import(import_id: int):
    from desk.imports import get_run, summary

    require_admin()
    return summary(get_run(import_id))
