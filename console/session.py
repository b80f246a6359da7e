"""Logging in and out, changing one's own password and time zone."""
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from console import bp
from console.my_settings import save_my_setting, settings_page
from desk.errors import Invalid
from desk.extensions import db
from desk.users.auth import check_login
from desk.users.passwords import change_own_password
from desk.users.people import update_own_settings
from desk.users.sessions import end_all_sessions, end_this_session, keep_current_session, start_session
from desk.users.throttle import TooManyAttempts


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        try:
            user = check_login(request.form.get("email", ""), request.form.get("password", ""))
        except TooManyAttempts as refused:
            db.session.rollback()
            flash(refused.message, "error")
            return render_template("login.html"), 429, {"Retry-After": str(refused.retry_after)}
        if user is None:
            flash("Wrong email or password.", "error")
            return render_template("login.html"), 401
        db.session.commit()  # the account's failure count, cleared
        start_session(user)
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
    """Logging out ends every session of the user, not only this browser's."""
    end_all_sessions(current_user)
    db.session.commit()
    end_this_session()
    return redirect(url_for("console.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    if request.method == "GET":
        return settings_page()
    if request.form.get("new_password", "") != request.form.get("confirm_password", ""):
        flash("confirm_password: The two new passwords differ.", "error")
        return settings_page(), 422
    try:
        change_own_password(current_user, request.form.get("current_password", ""),
                            request.form.get("new_password", ""))
    except Invalid as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return settings_page(), 422
    db.session.commit()
    keep_current_session(current_user)
    flash("Password changed. Your other sessions have ended.", "ok")
    return redirect(url_for("console.worklist_page"))


@bp.post("/me/time-zone")
@login_required
def my_time_zone():
    """The zone the console shows me times in, from the settings on the password page."""
    return save_my_setting("time_zone", lambda zone: f"Times are now shown in {zone}.",
                           url_for("console.change_password"))


@bp.post("/me/auto-next")
@login_required
def my_auto_next():
    """Whether saving a call's outcome on a queue account opens the next account at once."""
    on = request.form.get("auto_next") == "1"
    update_own_settings(current_user, {"auto_next": on})
    db.session.commit()
    flash("After a call's outcome, the next queue account opens at once." if on
          else "After a call's outcome, you choose when to open the next queue account.", "ok")
    return redirect(url_for("console.change_password"))
