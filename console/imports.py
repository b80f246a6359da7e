"""Admin pages for CSV imports: upload a DMS export, then watch it run."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from console import bp
from desk.errors import Invalid
from desk.extensions import db
from desk.users.auth import admin_required
from models import IMPORT_KINDS, ImportRun


@bp.get("/admin/imports")
@login_required
@admin_required
def imports():
    runs = db.session.execute(db.select(ImportRun).order_by(ImportRun.id.desc()).limit(25)).scalars().all()
    return render_template("admin/imports.html", runs=runs, kinds=IMPORT_KINDS)


@bp.post("/admin/imports")
@login_required
@admin_required
def upload_import():
    from desk.imports import accept_upload

    kind = request.form.get("kind", "")
    if kind not in IMPORT_KINDS:
        raise Invalid("Choose accounts or payments.", {"kind": ["Choose accounts or payments."]})
    run = accept_upload(kind, request.files.get("file"), request.files.get("mapping"), current_user.id)
    db.session.commit()
    flash(f"Import of {run.filename} started.", "ok")
    return redirect(url_for("console.import_run", import_id=run.id))


@bp.get("/admin/imports/<int:import_id>")
@login_required
@admin_required
def import_run(import_id: int):
    from desk.imports import get_run, summary

    return render_template("admin/import_run.html", run=summary(get_run(import_id)))


@bp.post("/admin/imports/<int:import_id>/retry")
@login_required
@admin_required
def retry_import(import_id: int):
    from desk.imports import get_run, retry_run

    run = retry_run(get_run(import_id))
    db.session.commit()
    flash(f"Import of {run.filename} started again.", "ok")
    return redirect(url_for("console.import_run", import_id=run.id))
