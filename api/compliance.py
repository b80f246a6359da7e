"""The contact rules by the customer's state (admin): see them, switch them, adjust them."""
from flask_login import current_user

from api import bp
from api.util import admin_only, page
from desk.compliance import state_rules
from desk.extensions import db
from desk.schemas.records import page_of
from desk.schemas.state_rules import StateRuleOut, StateRulePatch


@bp.get("/compliance/state-rules")
@admin_only
@bp.response(200, page_of(StateRuleOut))
def list_state_rules():
    """Every state's contact rule as it applies now (admin); one page, `next` is null"""
    return page(state_rules.all_rules(), None)


@bp.patch("/compliance/state-rules/<string:state>")
@admin_only
@bp.arguments(StateRulePatch)
@bp.response(200, StateRuleOut)
def patch_state_rule(data, state):
    """Switch a state's contact rule on or off or adjust its limits and windows (admin); 404 for
    a state with no rule"""
    rule = state_rules.change_rule(state, data, current_user)
    db.session.commit()
    return rule
