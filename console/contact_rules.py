"""The admin's contact rules by the customer's state, on the settings page: switch a state's
rule on or off, adjust its limits and windows (desk.compliance.state_rules checks them)."""
from dataclasses import replace

from flask import flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from console import bp
from console.admin import settings_template
from console.forms import checkbox
from desk import settings
from desk.compliance import state_rules
from desk.errors import Invalid
from desk.extensions import db
from desk.users.auth import admin_required

NUMBERS = ("personal_limit", "personal_days", "work_limit", "work_days")


@bp.post("/admin/settings/state-rules/<state>")
@login_required
@admin_required
def save_state_rule(state: str):
    rule = state_rules.get_rule(state)
    typed = {**{key: request.form.get(key, "").strip() for key in NUMBERS}, "enabled": checkbox("enabled")}
    try:
        changed = state_rules.change_rule(rule.state, typed, current_user)
    except Invalid as refused:  # the page again, this rule as typed, each refused value marked
        db.session.rollback()
        g.refused = True  # nothing was done: the form's one-time key is given back
        shown = replace(rule, **typed)
        return settings_template(settings.all_settings(), typed_rule=shown, state=rule.state,
                                 rule_errors=refused.fields), 422
    db.session.commit()
    flash(f"{changed.name} contact rule saved ({'on' if changed.enabled else 'off'}).", "ok")
    return redirect(url_for("console.settings_page"))
