"""The contact rules by state as the API reads and changes them (desk.compliance.state_rules
holds the bounds and checks them again)."""
from marshmallow import Schema, fields

from desk.schemas.fields import Strict, WholeNumber
from models import STATE_RULE_DAYS_RANGE as DAYS_RANGE
from models import STATE_RULE_LIMIT_RANGE as LIMIT_RANGE


def _limit(kind: str) -> WholeNumber:
    return WholeNumber(minimum=LIMIT_RANGE[0], maximum=LIMIT_RANGE[1], metadata={
        "description": f"At most this many calls and texts together, per account, to {kind} numbers in the window."})


def _days(kind: str) -> WholeNumber:
    return WholeNumber(minimum=DAYS_RANGE[0], maximum=DAYS_RANGE[1], metadata={
        "description": f"The window, in days, over which calls and texts to {kind} numbers are counted."})


class StateRuleOut(Schema):
    """One state's contact rule: applies to customers whose address is in `state`."""

    state = fields.String(metadata={"description": "Two-letter state of the customer's address, e.g. MA."})
    name = fields.String(metadata={"description": "The state's name, e.g. Massachusetts."})
    citation = fields.String(metadata={"description": "The rule's source, e.g. 940 CMR 7.04(1)(f)."})
    enabled = fields.Boolean(metadata={"description": "Whether the gate applies it (on when shipped)."})
    personal_limit = _limit("personal (home, cell, co-buyer)")
    personal_days = _days("personal")
    work_limit = _limit("work and other")
    work_days = _days("work and other")


class StateRulePatch(Strict):
    """Switch a state's rule on or off, or adjust its limits and windows; any out of bounds is a
    422 naming it, and nothing is saved."""

    enabled = fields.Boolean()
    personal_limit = _limit("personal (home, cell, co-buyer)")
    personal_days = _days("personal")
    work_limit = _limit("work and other")
    work_days = _days("work and other")
