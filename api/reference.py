"""Dispositions, templates and the worklist."""
from flask_login import current_user

from api import bp
from api.util import args, body, require_admin
from desk.collections.dispositions import list_dispositions
from desk.collections.worklist import worklist
from desk.extensions import db
from desk.schemas.records import AccountOut, DispositionOut, ListArgs, TemplateIn, TemplateOut
from desk.templates.library import list_templates, save_template


@bp.get("/dispositions")
def dispositions():
    return {"items": DispositionOut().dump(list_dispositions(), many=True), "next": None}


@bp.get("/templates")
def templates():
    return {"items": TemplateOut().dump(list_templates(), many=True), "next": None}


@bp.post("/templates")
def post_template():
    require_admin()
    template = save_template(body(TemplateIn()))
    db.session.commit()
    return TemplateOut().dump(template), 201


@bp.get("/worklist")
def my_worklist():
    query = args(ListArgs())
    items, next_cursor = worklist(current_user, limit=query["limit"], cursor=query["cursor"])
    accounts = AccountOut().dump([item.account for item in items], many=True)
    return {"items": [_work_item(item, account) for item, account in zip(items, accounts, strict=True)],
            "next": next_cursor}


def _work_item(item, account: dict) -> dict:
    reasons = [{**r, "on": r["on"].isoformat(), **({"amount": f"{r['amount']:.2f}"} if "amount" in r else {})}
               for r in item.reasons]
    return {"account": account, "reasons": reasons, "since": item.since.isoformat()}
