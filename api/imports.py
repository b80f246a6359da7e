"""CSV imports (admin): upload a DMS export, then watch the background job's progress."""
from flask import url_for
from flask_login import current_user

from api import bp
from api.util import admin_only
from desk.extensions import db
from desk.schemas.imports import ImportAccepted, ImportRunOut, ImportUpload


@bp.post("/imports/accounts")
@admin_only
@bp.arguments(ImportUpload, location="files")
@bp.response(202, ImportAccepted)
@bp.refuses(413)
def post_account_import(files):
    """Import accounts from a CSV (admin; multipart: file, optional mapping)"""
    return _accept("accounts", files)


@bp.post("/imports/payments")
@admin_only
@bp.arguments(ImportUpload, location="files")
@bp.response(202, ImportAccepted)
@bp.refuses(413)
def post_payment_import(files):
    """Import payments from a CSV (admin; multipart: file, optional mapping)"""
    return _accept("payments", files)


def _accept(kind: str, files: dict) -> dict:
    from desk.imports import accept_upload

    run = accept_upload(kind, files.get("file"), files.get("mapping"), current_user.id)
    accepted = {"id": run.id, "status": run.status, "url": url_for("api.read_import", import_id=run.id)}
    db.session.commit()  # the job starts once the run is committed
    return accepted


@bp.get("/imports/<int:import_id>")
@admin_only
@bp.response(200, ImportRunOut)
def read_import(import_id: int):
    """An import's progress, counts and row errors (admin)"""
    from desk.imports import get_run, summary

    return summary(get_run(import_id))


@bp.post("/imports/<int:import_id>/retry")
@admin_only
@bp.response(202, ImportAccepted)
@bp.refuses(404, 409)
def retry_import(import_id: int):
    """Run a failed import again, after the rows it already imported (admin); 409 when it is not
    failed or its file is no longer kept"""
    from desk.imports import get_run, retry_run

    run = retry_run(get_run(import_id))
    accepted = {"id": run.id, "status": run.status, "url": url_for("api.read_import", import_id=run.id)}
    db.session.commit()  # the job starts once the run is committed
    return accepted
