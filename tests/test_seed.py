"""The demo data always has accounts that may be contacted at the moment it is seeded."""
import random
from datetime import UTC, date, datetime

import pytest

from desk.compliance.contactability import CHANNELS, contactability, open_now
from desk.compliance.gate import Refused, check_sms
from desk.extensions import db
from desk.seed import seed_demo
from models import Account

JANUARY_NOON_EASTERN = datetime(2026, 1, 14, 17, 0, tzinfo=UTC)
JANUARY_LATE_EVENING_EASTERN = datetime(2026, 1, 14, 5, 0, tzinfo=UTC)  # only Alaska and Hawaii open
JULY_EARLY_MORNING = datetime(2026, 7, 14, 12, 15, tzinfo=UTC)  # 8:15am in New York: 5:15am in LA
NO_ZONE_OPEN = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)  # 5am New York, midnight Honolulu


def _contactable(account: Account, now: datetime) -> bool:
    """Whether the desk's own gate lets every phone of the account be texted at `now`."""
    try:
        for phone in account.phones:
            check_sms(account, phone, now)
    except Refused:
        return False
    return True


@pytest.mark.parametrize("now", [JANUARY_NOON_EASTERN, JANUARY_LATE_EVENING_EASTERN, JULY_EARLY_MORNING])
def test_the_first_demo_accounts_may_be_contacted_now(app, now):
    with app.app_context():
        summary = seed_demo(count=3, rng=random.Random(7), now=now)
        db.session.commit()
        accounts = db.session.query(Account).order_by(Account.id).all()
        reachable = [a.number for a in accounts if _contactable(a, now)]
        assert reachable
        assert "Contact hours: 8am-9pm in each customer's time zone." in summary
        assert f"May be contacted now: {reachable[0]} (" in summary


def test_when_no_us_zone_is_open_the_summary_says_so_and_names_accounts_to_email(app):
    with app.app_context():
        summary = seed_demo(count=3, rng=random.Random(7), now=NO_ZONE_OPEN)
        db.session.commit()
        accounts = db.session.query(Account).order_by(Account.id).all()
        assert not any(_contactable(a, NO_ZONE_OPEN) for a in accounts)
        assert "No US time zone is inside contact hours right now; the first opens at 13:00 UTC" in summary
        assert [contactability(a, NO_ZONE_OPEN)["email"]["allowed"] for a in accounts] == [True, True, True]
        assert f"May be contacted now: {accounts[0].number} ({accounts[0].city}, {accounts[0].state}: email)" in summary


HOURS_OF_A_DAY = [datetime(day.year, day.month, day.day, hour, 20, tzinfo=UTC)
                  for day in (date(2026, 1, 14), date(2026, 7, 14)) for hour in range(0, 24, 3)]


@pytest.mark.parametrize("now", HOURS_OF_A_DAY, ids=lambda now: f"{now:%b-%H%M}")
def test_at_every_hour_some_demo_account_may_be_contacted_now_and_the_summary_names_it(app, now):
    with app.app_context():
        summary = seed_demo(count=4, rng=random.Random(7), now=now)
        db.session.commit()
        accounts = db.session.query(Account).order_by(Account.id).all()
        open_by_gate = {a.number: [c for c in CHANNELS if contactability(a, now)[c]["allowed"]] for a in accounts}
        assert any(open_by_gate.values()), open_by_gate
        for account in accounts:  # what the lists show is what the gate allows
            assert set(open_now(account, now)) <= set(open_by_gate[account.number])
            assert bool(open_now(account, now)) == bool(open_by_gate[account.number])
        assert "May be contacted now: " in summary


def test_the_contact_hours_rule_in_words(app):
    from desk import settings
    from desk.compliance.gate import contact_hours_rule

    with app.app_context():
        assert contact_hours_rule() == "Contact hours: 8am-9pm in each customer's time zone"
        settings.change({"contact_hours_start": 0, "contact_hours_end": 12})
        assert contact_hours_rule() == "Contact hours: midnight-noon in each customer's time zone"


@pytest.mark.parametrize("how", [["PORT=5055"], []])
def test_make_run_serves_on_the_port_given(how):
    import os
    import shutil
    import subprocess
    from pathlib import Path

    if not shutil.which("make"):
        pytest.skip("make is not installed")
    env = {**os.environ, "PORT": "5055"} if not how else {k: v for k, v in os.environ.items() if k != "PORT"}
    planned = subprocess.run(["make", "-n", "run", *how], cwd=Path(__file__).parent.parent, env=env,
                             capture_output=True, text=True, check=True).stdout
    assert "desk run --port 5055" in planned
