"""The admins' failed jobs page: what failed, why, and a Retry button."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_login import login_required

from console import bp
from desk.users.auth import admin_required
from jobs.failed import failed_jobs, retry


@bp.get("/admin/jobs")
@login_required
@admin_required
def jobs_page():
    return render_template("admin/jobs.html", jobs=failed_jobs(current_app._get_current_object()))


@bp.post("/admin/jobs/<any(rq, outbox):source>/<job_id>/retry")
@login_required
@admin_required
def retry_job(source: str, job_id: str):
    if retry(current_app._get_current_object(), source, job_id[:200]):
        flash("The job was queued again.", "ok")
    else:
        flash("That job is no longer failed.", "error")
    return redirect(url_for("console.jobs_page"))
