"""Whether an account may be contacted now, channel by channel, by the gate's own rules.

Nothing here restates a rule: each channel asks desk.compliance.gate the very checks a send
makes, and reads its refusal. When a refusal says when it lifts, the checks are asked again at
that moment (another rule may still refuse then), so next_allowed_at is the first time every
rule allows, where the rules can tell.
"""
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from desk.compliance.gate import Refused, check_call, check_email, check_sms
from models import Account, utcnow

CHANNELS = ("call", "sms", "email")
LOOK_AHEAD = 4  # refusals followed into the future before giving up on a next time
EDGE = timedelta(seconds=1)


def contactability(account: Account, now: datetime | None = None) -> dict:
    """{customer_local_time, call, sms, email}; each channel {allowed, rule, reason, next_allowed_at}."""
    now = now or utcnow()
    return {
        "customer_local_time": now.astimezone(ZoneInfo(account.timezone)),
        "call": _channel([lambda at, p=p: check_call(account, p, at) for p in account.phones],
                         now, "no_phone", "The account has no phone number."),
        "sms": _channel([lambda at, p=p: check_sms(account, p, at) for p in account.phones],
                        now, "no_phone", "The account has no phone number."),
        "email": _channel([lambda at, a=a: check_email(a) for a in account.emails],
                          now, "no_email", "The account has no email address."),
    }


def workable_now(account: Account, now: datetime | None = None) -> bool:
    """Whether some channel allows contact now: workable(contactability(account, now)), asking
    the gate's checks cheapest first (email, then texts, then calls) and stopping at the first
    that passes, without working out when refused channels open."""
    now = now or utcnow()
    checks = [lambda a=a: check_email(a) for a in account.emails]
    checks += [lambda p=p: check_sms(account, p, now) for p in account.phones]
    checks += [lambda p=p: check_call(account, p, now) for p in account.phones]
    return _any_passes(checks)


def open_now(account: Account, now: datetime | None = None) -> list[str]:
    """The channels a list row may show as open now ("email", "sms", "call"), cheaply: email
    and texts are asked of the gate for every address (no query, bar a state rule's count); calls,
    whose checks count attempts and contacts (two queries), only when neither is open. So a row
    says "call" when it is the only way in; the account page answers every channel in full.
    Empty exactly when workable_now is False."""
    now = now or utcnow()
    found = [channel for channel, checks in (
        ("email", [lambda a=a: check_email(a) for a in account.emails]),
        ("sms", [lambda p=p: check_sms(account, p, now) for p in account.phones]),
    ) if _any_passes(checks)]
    if not found and _any_passes([lambda p=p: check_call(account, p, now) for p in account.phones]):
        found.append("call")
    return found


def open_now_by_account(accounts: list[Account], now: datetime | None = None) -> dict[int, list[str]]:
    """open_now for each account of a page (phones and emails loaded with the page)."""
    now = now or utcnow()
    return {account.id: open_now(account, now) for account in accounts}


def _any_passes(checks: list[Callable]) -> bool:
    for check in checks:
        try:
            check()
            return True
        except Refused:
            continue
    return False


def workable(state: dict) -> bool:
    """At least one channel allows contact now."""
    return any(state[channel]["allowed"] for channel in CHANNELS)


def next_workable(state: dict) -> datetime | None:
    """The earliest time a refused channel opens, if any says."""
    times = [state[c]["next_allowed_at"] for c in CHANNELS if state[c]["next_allowed_at"]]
    return min(times, default=None)


def _channel(checks: list[Callable], now: datetime, missing_rule: str, missing_reason: str) -> dict:
    """Allowed if any address of the channel passes; else the refusal that lifts first."""
    if not checks:
        return _answer(False, missing_rule, missing_reason, None)
    refusals = []
    for check in checks:
        refusal = _refusal(check, now)
        if refusal is None:
            return _answer(True, None, None, None)
        refusals.append(refusal)
    first, lifts = min(refusals, key=lambda r: (r[1] is None, r[1] or now))
    return _answer(False, first.rule, first.message, lifts)


def _refusal(check: Callable, now: datetime) -> tuple[Refused, datetime | None] | None:
    """None if the check passes now; else (the refusal now, when every rule allows if known)."""
    try:
        check(now)
        return None
    except Refused as refused:
        return refused, _lifts(check, refused)


def _lifts(check: Callable, refused: Refused) -> datetime | None:
    at = refused.next_allowed
    for _ in range(LOOK_AHEAD):
        if at is None:
            return None
        try:
            check(at + EDGE)  # a rule lifts at its moment: the count or cooldown still holds at it
            return at
        except Refused as later:
            at = later.next_allowed if later.next_allowed and later.next_allowed > at + EDGE else None
    return None


def _answer(allowed: bool, rule: str | None, reason: str | None, next_allowed_at: datetime | None) -> dict:
    return {"allowed": allowed, "rule": rule, "reason": reason, "next_allowed_at": next_allowed_at}
