"""The demo data always has accounts that may be contacted at the moment it is seeded."""
import random
from datetime import UTC, datetime

import pytest

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


def test_when_no_us_zone_is_open_the_summary_says_so(app):
    with app.app_context():
        summary = seed_demo(count=3, rng=random.Random(7), now=NO_ZONE_OPEN)
        db.session.commit()
        assert not any(_contactable(a, NO_ZONE_OPEN) for a in db.session.query(Account))
        assert "No US time zone is inside contact hours right now; the first opens at 13:00 UTC" in summary


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
