"""Saving one of my own settings from a console form (time zone, calling method, presence): the
field is read by the API's own schema (MeIn), and a refusal shows the settings page again with
what was typed and the reason beside the field."""
from collections.abc import Callable

from flask import flash, redirect, render_template, request
from flask_login import current_user
from marshmallow import ValidationError

from console.refusals import refusal
from desk.errors import Invalid
from desk.extensions import db
from desk.schemas.records import MeIn
from desk.users.people import update_own_settings
from desk.zones import common_zones


def save_my_setting(field: str, said: Callable[[str], str], then: str):
    """Store the form's `field` for the current user; flash `said(value)` and go to `then`, or
    answer 422 with the settings page showing the refusal beside the field."""
    typed = {field: request.form.get(field, "")}
    try:
        update_own_settings(current_user, MeIn().load(typed))
    except (ValidationError, Invalid) as refused:
        db.session.rollback()
        return settings_page(refusal(refused, typed)), 422
    db.session.commit()
    flash(said(typed[field]), "ok")
    return redirect(then)


def settings_page(refused: dict | None = None) -> str:
    """The page of my own settings (password, time zone, calling method, after a call)."""
    return render_template("password.html", zones=common_zones(), refused_setting=refused)
