"""Who gets a new account that arrives without a collector, by the admin's `assignment_rule`:
`none` (nobody), `round_robin` (active collectors in user-id order, continuing after the one the
last import gave an account to), or `last_name_ranges` (by the last name's initial, as the
`assignment_ranges` setting says)."""
from desk import settings
from desk.accounts.name_ranges import initial, parse_ranges
from desk.extensions import db
from desk.users.people import active_collectors
from models import ROUND_ROBIN_CURSOR, Setting


def collectors_by_rule(last_names: list[str]) -> list[int | None]:
    """The collector's user id (or None) for each new account, in order."""
    rule = settings.get("assignment_rule")
    if rule == "round_robin":
        return _round_robin(len(last_names))
    if rule == "last_name_ranges":
        return _by_ranges(last_names)
    return [None] * len(last_names)


def _round_robin(count: int) -> list[int | None]:
    ids = [user.id for user in active_collectors()]
    if not ids or not count:
        return [None] * count
    cursor = db.session.get(Setting, ROUND_ROBIN_CURSOR) or Setting(key=ROUND_ROBIN_CURSOR, value=0)
    start = next((i for i, user_id in enumerate(ids) if user_id > (cursor.value or 0)), 0)
    chosen = [ids[(start + n) % len(ids)] for n in range(count)]
    cursor.value = chosen[-1]
    db.session.add(cursor)
    return chosen


def _by_ranges(last_names: list[str]) -> list[int | None]:
    try:  # a collector named there who has since left gets no accounts
        owners = parse_ranges(settings.get("assignment_ranges"), skip_gone=True)
    except ValueError:
        owners = {}
    return [owners.get(initial(name)) for name in last_names]
