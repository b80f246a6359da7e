"""Roll rates: the daily portfolio snapshot (written by the scheduled job, replaced by the DMS
import for the accounts it names, seeded for the demo's weeks) and the portfolio's matrix from a
start day's snapshot to now, recomputed in Python from the raw rows."""
import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desk.extensions import db
from desk.reports.buckets import NAMES, RANK, bucket_name
from models import Account, PortfolioSnapshot, User
from tests.helpers import run_import, write_csv

START = date(2026, 11, 1)
# (days past due on the start day, status then, days past due now, status now, assigned to)
LOT = {
    "R-1": (0, "current", 0, "current", "collector"),  # stayed current
    "R-2": (0, "current", 12, "delinquent", "collector"),  # rolled forward
    "R-3": (20, "delinquent", 45, "delinquent", "other"),  # rolled forward
    "R-4": (20, "delinquent", 25, "delinquent", "collector"),  # stayed 1-30
    "R-5": (50, "delinquent", 5, "delinquent", "other"),  # rolled back
    "R-6": (75, "delinquent", 0, "paid_off", "collector"),  # closed
    "R-7": (100, "delinquent", 130, "delinquent", None),  # stayed 90+
    "R-8": (10, "paid_off", 0, "paid_off", "collector"),  # closed already: not in the snapshot
}


def _lot(users) -> dict[str, Account]:
    from desk.accounts.records import create_account

    made = {}
    for number, (then, status, _now, _status, who) in LOT.items():
        made[number] = create_account({
            "number": number, "first_name": "Pat", "last_name": number, "balance": Decimal("1000.00") + then,
            "amount_due": Decimal("100.00"), "days_past_due": then, "status": status,
            "phones": [], "assigned_to": db.session.get(User, users[who]) if who else None})
    db.session.flush()
    return made


@pytest.fixture
def rolled(app, users):
    """The lot's snapshot taken on the start day, then the accounts as they stand now."""
    from desk.reports.snapshots import take_snapshot

    with app.app_context():
        made = _lot(users)
        assert take_snapshot(START) == 7
        for number, (_then, _status, now, status, _who) in LOT.items():
            made[number].days_past_due, made[number].status = now, status
        db.session.commit()
    return START


def recompute(since: date, collector: int | None = None) -> dict:
    """The matrix straight from the snapshot's rows and the accounts' rows, in Python."""
    accounts = {a.id: a for a in db.session.execute(select(Account)).scalars()}
    rows = [s for s in db.session.execute(select(PortfolioSnapshot).where(PortfolioSnapshot.day == since)).scalars()
            if collector is None or accounts[s.account_id].assigned_to_id == collector]
    moved = Counter()
    for s in rows:
        a = accounts[s.account_id]
        now = "closed" if a.status in ("paid_off", "closed", "charged_off") else bucket_name(a.days_past_due)
        moved[(s.bucket, now)] += 1
    out = {}
    for was in NAMES:
        to = {now: moved[(was, now)] for now in (*NAMES, "closed")}
        total = sum(to.values())
        kinds = Counter()
        for now, n in to.items():
            kinds["closed" if now == "closed" else "forward" if RANK[now] > RANK[was]
                  else "back" if RANK[now] < RANK[was] else "same"] += n
        out[was] = {"accounts": total, "to": to, **{k: kinds[k] for k in ("forward", "same", "back", "closed")},
                    "forward_rate": round(kinds["forward"] / total, 4) if total else None}
    return out


def _got(answer: dict) -> dict:
    return {r["bucket"]: {"accounts": r["accounts"], "to": r["to"], "forward": r["forward"], "same": r["same"],
                          "back": r["back"], "closed": r["closed"], "forward_rate": r["forward_rate"]}
            for r in answer["roll_rates"]["from"]}


def test_the_matrix_from_the_start_day_to_now(admin_api, rolled):
    got = admin_api.get(f"/api/v1/reports/portfolio?from={rolled}").get_json()
    rolls = got["roll_rates"]
    assert got["roll_rates_note"] is None and rolls["since"] == "2026-11-01"
    assert rolls["accounts"] == 7  # R-8 was closed already on the start day
    assert (rolls["forward"], rolls["same"], rolls["back"], rolls["closed"]) == (2, 3, 1, 1)
    assert rolls["forward_rate"] == round(2 / 7, 4)
    rows = {r["bucket"]: r for r in rolls["from"]}
    assert rows["current"]["to"] == {"current": 1, "1-30": 1, "31-60": 0, "61-90": 0, "90+": 0, "closed": 0}
    assert rows["current"]["forward_rate"] == 0.5 and rows["61-90"]["closed_rate"] == 1.0
    assert rows["31-60"]["back"] == 1 and rows["90+"]["same"] == 1
    assert Decimal(rows["1-30"]["balance"]) == Decimal("2040.00")  # the balances of the start day


def test_every_figure_matches_the_raw_rows(app, admin_api, users, rolled):
    for who in (None, users["collector"], users["other"]):
        query = f"from={rolled}" + (f"&collector={who}" if who else "")
        got = admin_api.get(f"/api/v1/reports/portfolio?{query}").get_json()
        with app.app_context():
            assert _got(got) == recompute(rolled, who)


def test_no_snapshot_for_the_start_day_is_null_and_says_so(admin_api, rolled):
    got = admin_api.get("/api/v1/reports/portfolio?from=2026-10-31").get_json()
    assert got["roll_rates"] is None
    assert "No portfolio snapshot exists for 2026-10-31" in got["roll_rates_note"]
    assert got["accounts"] == 6  # the portfolio now is answered all the same


def test_a_bad_start_day_is_a_422_naming_it(admin_api, users):
    answer = admin_api.get("/api/v1/reports/portfolio?from=2026-11-31")
    assert answer.status_code == 422 and "from" in answer.get_json()["error"]["fields"]


# Writing the snapshot --------------------------------------------------------------------------------

def test_the_job_writes_each_open_account_once_a_day(app, users):
    from desk.reports.snapshots import snapshot_day
    from jobs.recurring import snapshot_portfolio
    from jobs.scheduler import TASKS

    assert "jobs.recurring.snapshot_portfolio" in [task.func_path for task in TASKS]
    with app.app_context():
        made = _lot(users)
        db.session.commit()
        assert snapshot_portfolio() == 7
        made["R-1"].days_past_due = 40  # later the same day: the day's first snapshot stands
        db.session.commit()
        assert snapshot_portfolio() == 0
        rows = db.session.execute(select(PortfolioSnapshot)).scalars().all()
        assert len(rows) == 7 and {r.day for r in rows} == {snapshot_day()}
        by_id = {r.account_id: r for r in rows}
        assert made["R-8"].id not in by_id
        assert (by_id[made["R-1"].id].bucket, by_id[made["R-1"].id].days_past_due) == ("current", 0)
        assert (by_id[made["R-5"].id].bucket, by_id[made["R-5"].id].balance) == ("31-60", Decimal("1050.00"))
        assert by_id[made["R-7"].id].bucket == "90+"


def test_the_import_replaces_the_day_s_rows_of_its_accounts(app, runner, users, tmp_path):
    from desk.reports.snapshots import snapshot_day, take_snapshot

    with app.app_context():
        made = _lot(users)
        take_snapshot()
        db.session.commit()
        r2, r3 = made["R-2"].id, made["R-3"].id
    export = write_csv(tmp_path, "Account #,First Name,Last Name,Balance,Days Past Due\n"
                                 "R-2,Pat,R-2,$900.00,33\nN-1,New,One,$500.00,95\n")
    result = run_import(runner, "accounts", export)
    assert result.exit_code == 0, result.output
    with app.app_context():
        day = snapshot_day()
        rows = {r.account_id: r for r in db.session.execute(
            select(PortfolioSnapshot).where(PortfolioSnapshot.day == day)).scalars()}
        new = db.session.execute(select(Account.id).where(Account.number == "N-1")).scalar_one()
        assert (rows[r2].days_past_due, rows[r2].bucket, rows[r2].balance) == (33, "31-60", Decimal("900.00"))
        assert (rows[new].bucket, rows[r3].bucket) == ("90+", "1-30")  # R-3 is not in the file: kept
        assert len(rows) == 8
        assert db.session.execute(select(func.count()).select_from(PortfolioSnapshot)).scalar() == 8


# The demo --------------------------------------------------------------------------------------------

def test_the_demo_history_gives_roll_rates_for_the_last_30_days(app, admin_api, users):
    from desk.reports.presets import local_today
    from desk.seed import seed_demo

    with app.app_context():
        seed_demo(count=50, rng=random.Random(7))
        db.session.commit()
        today = local_today(app.config["DEALER_TIME_ZONE"])
    got = admin_api.get("/api/v1/reports/portfolio").get_json()
    rolls = got["roll_rates"]
    assert rolls["since"] == (today - timedelta(days=29)).isoformat() and rolls["accounts"] == 50
    assert rolls["forward"] > 0 and rolls["back"] > 0 and rolls["same"] > 0
    with app.app_context():
        assert _got(got) == recompute(today - timedelta(days=29))
    today_rolls = admin_api.get(f"/api/v1/reports/portfolio?from={today}").get_json()["roll_rates"]
    assert today_rolls["same"] == 50  # nothing moved since today's snapshot
