"""Contact rules by the state of the customer's address: the shipped rules, and the admin's
choices for each (on or off, its limits and windows), kept in the settings table.

The gate (desk.compliance.gate) applies the rule of the account's state; this module only says
what the rule is now. docs/compliance.md lists each rule with its source and what it counts.
"""
from dataclasses import dataclass, replace

from desk import audit
from desk.errors import Invalid, NotFound
from desk.extensions import db
from desk.settings import checked_flag, checked_whole
from models import STATE_RULE_DAYS_RANGE as DAYS_RANGE
from models import STATE_RULE_LIMIT_RANGE as LIMIT_RANGE
from models import Setting, User

ADJUSTABLE = ("enabled", "personal_limit", "personal_days", "work_limit", "work_days")


@dataclass(frozen=True)
class StateRule:
    """At most `<kind>_limit` calls and texts in `<kind>_days` days to numbers of that kind, per
    account, for customers whose address is in `state`."""

    state: str
    name: str
    citation: str
    enabled: bool
    personal_limit: int
    personal_days: int
    work_limit: int
    work_days: int

    def window(self, kind: str) -> tuple[int, int]:
        """(limit, days) for numbers of this kind."""
        return getattr(self, f"{kind}_limit"), getattr(self, f"{kind}_days")


SHIPPED = {
    "MA": StateRule(state="MA", name="Massachusetts", citation="940 CMR 7.04(1)(f)", enabled=True,
                    personal_limit=2, personal_days=7, work_limit=2, work_days=30),
}


def _key(state: str) -> str:
    return f"state_rule:{state}"


def get_rule(state: str) -> StateRule:
    """The rule for a state as it applies now (shipped values with the admin's changes); NotFound
    for a state with no rule."""
    shipped = SHIPPED.get((state or "").upper())
    if shipped is None:
        raise NotFound(f"No contact rule for the state {state!r}.")
    stored = db.session.get(Setting, _key(shipped.state))
    kept = {key: value for key, value in (stored.value if stored else {}).items() if key in ADJUSTABLE}
    return replace(shipped, **kept)


def all_rules() -> list[StateRule]:
    return [get_rule(state) for state in SHIPPED]


def rule_for(state: str | None) -> StateRule | None:
    """The rule the gate applies to a customer whose address is in `state`, if one is on."""
    if not state or state.upper() not in SHIPPED:
        return None
    rule = get_rule(state)
    return rule if rule.enabled else None


def change_rule(state: str, values: dict, author: User | None = None) -> StateRule:
    """Switch a state's rule on or off or adjust its limits and windows; Invalid naming each
    value refused, and nothing stored, if any is. Each value that changes is audited as
    `author`'s (entity "state_rule", the field "<state> <key>")."""
    rule = get_rule(state)
    errors = {key: ["Not a setting of a state rule."] for key in values if key not in ADJUSTABLE}
    read = {}
    for key, value in values.items():
        if key in ADJUSTABLE:
            try:
                read[key] = _checked(key, value)
            except ValueError as exc:
                errors[key] = [str(exc)]
    if errors:
        raise Invalid(f"{rule.name} contact rule not changed: {', '.join(errors)}.", errors)
    changed = replace(rule, **read)
    audit.record("state_rule", 0, None, {f"{rule.state} {key}": (getattr(rule, key), getattr(changed, key))
                                         for key in read}, author)
    row = db.session.get(Setting, _key(rule.state)) or Setting(key=_key(rule.state))
    row.value = {key: getattr(changed, key) for key in ADJUSTABLE}
    db.session.add(row)
    return changed


def _checked(key: str, value):
    if key == "enabled":
        return checked_flag(value)
    return checked_whole(value, *(LIMIT_RANGE if key.endswith("_limit") else DAYS_RANGE))
