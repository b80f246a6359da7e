"""The admin's compliance and desk settings."""
from flask_login import current_user

from api import bp
from api.util import admin_only
from desk import settings
from desk.extensions import db
from desk.schemas.settings import SettingsIn, SettingsOut


@bp.get("/settings")
@admin_only
@bp.response(200, SettingsOut)
def get_settings():
    """Compliance and desk settings (admin)"""
    return settings.all_settings()


@bp.patch("/settings")
@admin_only
@bp.arguments(SettingsIn)
@bp.response(200, SettingsOut)
def patch_settings(data):
    """Change some settings (admin); any out of its bounds is a 422 naming it, and nothing is saved"""
    settings.change(data, current_user)
    db.session.commit()
    return settings.all_settings()
