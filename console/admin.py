"""Admin pages: users, dispositions, templates, compliance settings."""
from types import SimpleNamespace

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from console import bp
from console.forms import checkbox, form_data
from console.refusals import refusal
from desk import settings
from desk.collections.dispositions import list_dispositions, save_disposition
from desk.compliance import state_rules
from desk.compliance.recording import settings_help
from desk.errors import DeskError, Invalid, get_or_404
from desk.extensions import db
from desk.schemas.records import DispositionIn, TemplateIn, UserIn, UserPatch
from desk.templates.library import get_template, list_templates, save_template
from desk.templates.merge import MERGE_FIELDS
from desk.templates.safe_jinja import FILTERS
from desk.templates.versions import LANGUAGE_NAMES, missing_versions
from desk.users.auth import admin_required
from desk.users.passwords import set_password
from desk.users.people import all_users, create_user, locked_out, unlock_login, update_user
from desk.users.sessions import keep_current_session
from models import SETTING_CHOICES, SETTING_RANGES, Disposition, User


@bp.get("/admin/users")
@login_required
@admin_required
def users():
    return users_page()


def users_page(**refused):
    """The users page; `refused` holds a refused form (console.refusals.refusal): `adding` for
    Add a user, `editing` or `resetting` as (user id, refusal) for a row's form, so that form
    shows what was typed and each reason beside its field."""
    people = all_users()
    return render_template("admin/users.html", users=people, locked=locked_out(people), **refused)


def _refused_users_page(exc: DeskError | ValidationError, typed: dict, form: str, user_id: int | None = None):
    """The users page again with `form` (adding, editing, resetting) refused; a typed password is
    never sent back."""
    db.session.rollback()
    g.refused = True  # nothing was done: the form's one-time key is given back
    made = refusal(exc, {k: v for k, v in typed.items() if k != "password"})
    return users_page(**{form: (user_id, made) if user_id else made}), 422


@bp.post("/admin/users")
@login_required
@admin_required
def create_user_form():
    typed = form_data("email", "name", "role", "password", "phone")
    try:
        user = create_user(UserIn().load(typed))
    except (DeskError, ValidationError) as exc:
        return _refused_users_page(exc, typed, "adding")
    db.session.commit()
    flash(f"User {user.email} created.", "ok")
    return redirect(url_for("console.users"))


@bp.post("/admin/users/<int:user_id>")
@login_required
@admin_required
def update_user_form(user_id: int):
    user = get_or_404(User, user_id)
    typed = {**form_data("name", "role", "phone", "password", "call_via"), "active": checkbox("active")}
    try:
        update_user(user, UserPatch().load(typed), current_user)
    except (DeskError, ValidationError) as exc:
        return _refused_users_page(exc, typed, "editing", user.id)
    db.session.commit()
    flash(f"User {user.email} saved.", "ok")
    return redirect(url_for("console.users"))


@bp.post("/admin/users/<int:user_id>/password")
@login_required
@admin_required
def reset_password_form(user_id: int):
    """Set a user's password; every session of theirs ends."""
    user = get_or_404(User, user_id)
    try:
        set_password(user, request.form.get("password", ""))
    except DeskError as exc:
        return _refused_users_page(exc, {}, "resetting", user.id)
    db.session.commit()
    keep_current_session(user)
    flash(f"Password of {user.email} set; their sessions have ended.", "ok")
    return redirect(url_for("console.users"))


@bp.post("/admin/users/<int:user_id>/unlock")
@login_required
@admin_required
def unlock_user_form(user_id: int):
    """Let a user locked out by failed logins sign in again now."""
    user = get_or_404(User, user_id)
    unlock_login(user)
    db.session.commit()
    flash(f"{user.name} can sign in again.", "ok")
    return redirect(url_for("console.users"))


@bp.get("/admin/dispositions")
@login_required
@admin_required
def dispositions():
    return render_template("admin/dispositions.html", dispositions=list_dispositions(include_inactive=True))


@bp.post("/admin/dispositions")
@bp.post("/admin/dispositions/<int:disposition_id>")
@login_required
@admin_required
def save_disposition_form(disposition_id: int | None = None):
    existing = get_or_404(Disposition, disposition_id) if disposition_id else None
    typed = {**form_data("name"), "reached": checkbox("reached"), "active": checkbox("active") if existing else True}
    try:
        disposition = save_disposition(DispositionIn().load(typed), existing)
    except (DeskError, ValidationError) as exc:
        if existing:
            raise  # a row of the table: its reason is flashed and the row shows what is stored
        db.session.rollback()
        return render_template("admin/dispositions.html", dispositions=list_dispositions(include_inactive=True),
                               adding=refusal(exc, typed)), 422
    db.session.commit()
    flash(f"Disposition {disposition.name} saved.", "ok")
    return redirect(url_for("console.dispositions"))


@bp.get("/admin/templates")
@bp.get("/admin/templates/<int:template_id>")
@login_required
@admin_required
def templates(template_id: int | None = None):
    """The templates with their language versions; ?version_of=ID&language=es opens the form for
    a new version of that template (its channel and name, its text to translate)."""
    editing = get_template(template_id) if template_id else _new_version()
    return render_template("admin/templates.html", templates=list_templates(), editing=editing,
                           merge_fields=MERGE_FIELDS, filters=FILTERS, language_names=LANGUAGE_NAMES,
                           missing=missing_versions(list_templates()))


def _new_version() -> SimpleNamespace | None:
    source_id, language = request.args.get("version_of", type=int), request.args.get("language", "")
    if source_id is None or language not in LANGUAGE_NAMES:
        return None
    source = get_template(source_id)
    return SimpleNamespace(id=None, channel=source.channel, name=source.name, language=language,
                           subject=source.subject, body=source.body, html_body=source.html_body)


@bp.post("/admin/templates")
@bp.post("/admin/templates/<int:template_id>")
@login_required
@admin_required
def save_template_form(template_id: int | None = None):
    existing = get_template(template_id) if template_id else None
    typed = form_data("channel", "name", "language", "subject", "body", "html_body")
    try:
        template = save_template(TemplateIn().load(typed), existing)
    except (DeskError, ValidationError) as exc:
        db.session.rollback()
        return _template_refused(template_id, typed, exc), 422
    db.session.commit()
    flash(f"Template {template.name} saved. Version: {LANGUAGE_NAMES[template.language]}.", "ok")
    return redirect(url_for("console.templates"))


def _template_refused(template_id: int | None, typed: dict, exc: DeskError | ValidationError):
    """The templates page again, the form holding what was typed and why it was refused."""
    fields = exc.fields if isinstance(exc, DeskError) else exc.messages
    errors = [f"{name}: {' '.join(map(str, why if isinstance(why, list) else [why]))}"
              for name, why in (fields or {}).items()] or [getattr(exc, "message", "Not saved.")]
    draft = SimpleNamespace(id=template_id, **{k: typed.get(k) or "" for k in TemplateIn().fields})
    return render_template("admin/templates.html", templates=list_templates(), editing=draft,
                           merge_fields=MERGE_FIELDS, filters=FILTERS, errors=errors,
                           language_names=LANGUAGE_NAMES, missing=missing_versions(list_templates()))


@bp.get("/admin/settings")
@login_required
@admin_required
def settings_page():
    return settings_template(settings.all_settings())


def settings_template(values: dict, errors: dict | None = None, **state_rule_refusal) -> str:
    """The settings page: the desk's settings (as typed when refused, with `errors`) and the
    contact rules by state (console.contact_rules; `state_rule_refusal` holds a refused one)."""
    rules = [state_rule_refusal.get("typed_rule") if rule.state == state_rule_refusal.get("state") else rule
             for rule in state_rules.all_rules()]
    return render_template("admin/settings.html", settings=values, ranges=SETTING_RANGES, choices=SETTING_CHOICES,
                           errors=errors, help=settings_help(), state_rules=rules,
                           rule_errors=state_rule_refusal.get("rule_errors") or {},
                           refused_state=state_rule_refusal.get("state"))


@bp.post("/admin/settings")
@login_required
@admin_required
def save_settings():
    stored = settings.all_settings()
    values = {key: request.form[key] for key, default in stored.items()
              if not isinstance(default, bool) and key in request.form}
    values.update({key: checkbox(key) for key, default in stored.items() if isinstance(default, bool)})
    try:
        settings.change(values, current_user)
    except Invalid as refused:  # the form again, as typed, with each refused setting marked
        db.session.rollback()
        return settings_template({**stored, **values}, refused.fields), 422
    db.session.commit()
    flash("Settings saved.", "ok")
    return redirect(url_for("console.settings_page"))
