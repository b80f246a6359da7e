"""Logging in and out."""
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from console import bp
from desk.users.auth import check_login


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        user = check_login(request.form.get("email", ""), request.form.get("password", ""))
        if user is None:
            flash("Wrong email or password.", "error")
            return render_template("login.html"), 401
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html")


def _safe_next(target: str | None) -> str:
    """Only same-site paths; anything else goes to the worklist."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("console.worklist_page")


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("console.login"))
