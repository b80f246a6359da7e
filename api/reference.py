"""Dispositions, templates and the worklist."""
from flask_login import current_user

from api import bp
from api.util import admin_only, page
from desk.collections.dispositions import list_dispositions
from desk.collections.worklist import worklist
from desk.extensions import db
from desk.schemas.records import DispositionOut, TemplateIn, TemplateOut, WorkItemOut, WorklistArgs, page_of
from desk.templates.library import list_templates, save_template


@bp.get("/dispositions")
@bp.response(200, page_of(DispositionOut))
def dispositions():
    """Dispositions"""
    return page(list_dispositions(), None)


@bp.get("/templates")
@bp.response(200, page_of(TemplateOut))
def templates():
    """Templates"""
    return page(list_templates(), None)


@bp.post("/templates")
@admin_only
@bp.arguments(TemplateIn)
@bp.response(201, TemplateOut)
@bp.refuses(409)
def post_template(data):
    """Add a template (admin)"""
    template = save_template(data)
    db.session.commit()
    return template


@bp.get("/worklist")
@bp.arguments(WorklistArgs, location="query")
@bp.response(200, page_of(WorkItemOut))
def my_worklist(query):
    """My worklist: accounts with a follow-up due, a broken promise or unread texts, most urgent first (or by `sort`)"""
    return page(*worklist(current_user, limit=query["limit"], cursor=query["cursor"], sort=query["sort"]))
