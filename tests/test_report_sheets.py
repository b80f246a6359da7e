"""Day sheets: a settled day's figures are read from its sheet, and every late change to a
record that day counted (a delivery status, a judged promise, a payment posted or reversed
late, a reassignment, a disposition that no longer reaches the customer...) is logged by the
database and remakes the sheet, so the summary always equals one read from the records alone."""
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import flag_modified

from desk.extensions import db
from desk.reports.period import Period
from desk.reports.sheets import settled_days
from models import (
    Account,
    Activity,
    Call,
    ConsentEvent,
    Conversation,
    Disposition,
    Email,
    Message,
    Payment,
    Promise,
    ReportChange,
    ReportDay,
    User,
)

OCT = "from=2026-10-01&to=2026-10-31"
ZONE = ZoneInfo("America/New_York")


def noon(day: int) -> datetime:
    """Noon in New York on a day of October 2026, as UTC."""
    return datetime(2026, 10, day, 12, tzinfo=ZONE).astimezone(UTC)


@pytest.fixture
def october(app, users):
    """Two collectors' October on two accounts: calls, texts, an email, activities, a promise
    and a payment toward it, an opt-out. Returns {name: id}."""
    from desk.accounts.records import create_account
    from desk.collections.payments import record_payment
    from desk.collections.promises import add_promise

    with app.app_context():
        c, o = (db.session.get(User, users[k]) for k in ("collector", "other"))
        a1, a2 = (create_account({
            "number": f"S-{n}", "first_name": "Pat", "last_name": f"S{n}", "balance": Decimal("3000.00"),
            "amount_due": Decimal("200.00"), "days_past_due": 20, "status": "delinquent",
            "phones": [{"number": f"+1214555020{n}", "label": "mobile"}], "assigned_to": who})
            for n, who in ((1, c), (2, o)))
        db.session.flush()
        convo = Conversation(account_id=a1.id, phone_number="+12145550201")
        reached = db.session.execute(select(Disposition).where(Disposition.reached.is_(True))).scalars().first()
        db.session.add_all([
            convo,
            Call(account_id=a1.id, collector_id=c.id, direction="outbound", via="phone", status="completed",
                 customer_sid="CA" + "2" * 32, customer_status="completed", talk_seconds=120, created_at=noon(5)),
            Call(account_id=a2.id, collector_id=o.id, direction="outbound", via="phone", status="completed",
                 customer_sid="CA" + "3" * 32, customer_status="no-answer", talk_seconds=0, created_at=noon(6)),
            Email(account_id=a1.id, to_address="pat@example.com", subject="Hi", text_body="Hi", status="sent",
                  message_id="<s1@test>", sent_by_id=c.id, created_at=noon(10), sent_at=noon(10)),
            Activity(account_id=a1.id, type="call", created_by_id=c.id, created_at=noon(5), disposition_id=reached.id),
            Activity(account_id=a2.id, type="call", created_by_id=c.id, created_at=noon(12)),
            Activity(account_id=a2.id, type="call", created_by_id=o.id, created_at=noon(6), disposition_id=reached.id),
            ConsentEvent(channel="sms", action="opt_out", account_id=a1.id, how="SMS keyword STOP",
                         created_at=noon(16)),
        ])
        db.session.flush()
        for day, status, code in ((7, "delivered", None), (8, "failed", 30005)):
            db.session.add(Message(conversation_id=convo.id, account_id=a1.id, direction="outbound",
                                   from_number="+15005550006", to_number="+12145550201", status=status,
                                   error_code=code, sent_by_id=c.id, created_at=noon(day)))
        promise = add_promise(a1, {"amount": Decimal("100.00"), "due_on": date(2026, 10, 20)}, c,
                              today=date(2026, 10, 3))
        promise.created_at = noon(3)
        payment = record_payment(a1, {"amount": Decimal("40.00"), "paid_on": date(2026, 10, 15)}, c,
                                 today=date(2026, 10, 15))
        db.session.commit()
        return {"a1": a1.id, "a2": a2.id, "promise": promise.id, "payment": payment.id, "reached": reached.id,
                "c": c.id, "o": o.id}


def fresh(api, path: str) -> dict:
    """The answer with no sheet kept: every day read from the records."""
    db.session.execute(delete(ReportDay))
    db.session.execute(delete(ReportChange))
    db.session.commit()
    return api.get(path).get_json()


def _text_fails(ids):
    message = db.session.execute(select(Message).where(Message.status == "delivered")).scalar_one()
    message.status, message.error_code = "undelivered", 30006


def _talk_time(ids):
    db.session.execute(select(Call).where(Call.talk_seconds == 120)).scalar_one().talk_seconds = 300


def _activity_removed(ids):
    db.session.delete(db.session.execute(select(Activity).where(Activity.created_at == noon(12))).scalar_one())


def _disposition_no_longer_reaches(ids):
    db.session.get(Disposition, ids["reached"]).reached = False


def _promise_judged(ids):
    db.session.get(Promise, ids["promise"]).status = "broken"


def _payment_posted_late(ids):
    from desk.collections.payments import record_payment

    record_payment(db.session.get(Account, ids["a1"]), {"amount": Decimal("60.00"), "paid_on": date(2026, 10, 18)},
                   db.session.get(User, ids["c"]), source="import", today=date(2026, 10, 18))


def _payment_reversed(ids):
    from desk.collections.payments import reverse_payment

    admin = db.session.execute(select(User).where(User.role == "admin")).scalars().first()
    reverse_payment(db.session.get(Payment, ids["payment"]), "Returned check", admin)


def _account_reassigned(ids):
    db.session.get(Account, ids["a1"]).assigned_to_id = ids["o"]


def _email_sent_late(ids):
    db.session.add(Email(account_id=ids["a2"], to_address="sam@example.com", subject="Hi", text_body="Hi",
                         status="sent", message_id="<s2@test>", sent_by_id=ids["o"], created_at=noon(21),
                         sent_at=noon(21)))


def _opt_out_imported(ids):
    db.session.add(ConsentEvent(channel="email", action="opt_out", account_id=ids["a2"], how="import",
                                created_at=noon(22)))


LATE_CHANGES = [_text_fails, _talk_time, _activity_removed, _disposition_no_longer_reaches, _promise_judged,
                _payment_posted_late, _payment_reversed, _account_reassigned, _email_sent_late, _opt_out_imported]


@pytest.mark.parametrize("change", LATE_CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_a_late_change_remakes_the_sheets_it_touched(app, admin_api, october, change):
    paths = (f"/api/v1/reports/summary?{OCT}", f"/api/v1/reports/summary?{OCT}&collector={october['c']}")
    with app.app_context():
        before = [admin_api.get(path).get_json() for path in paths]
        assert db.session.execute(select(db.func.count()).select_from(ReportDay)).scalar() == 31
        change(october)
        db.session.commit()
        after = [admin_api.get(path).get_json() for path in paths]
        assert after != before  # the change moved a figure of the month...
        assert after == [fresh(admin_api, path) for path in paths]  # ...and the sheets followed it


def test_a_settled_day_is_read_from_its_sheet(app, admin_api, october):
    """Proof the sheet is what is read: a sheet altered behind the desk's back is what the
    summary shows, until a logged change to that day has it made again from the records."""
    with app.app_context():
        first = admin_api.get(f"/api/v1/reports/summary?{OCT}").get_json()
        assert first["calls"]["talk_seconds"] == 120
        sheet = db.session.get(ReportDay, ("America/New_York", date(2026, 10, 5)))
        sheet.figures["cells"][str(october["c"])]["talk_seconds"] = 999
        flag_modified(sheet, "figures")
        db.session.commit()
        assert admin_api.get(f"/api/v1/reports/summary?{OCT}").get_json()["calls"]["talk_seconds"] == 999
        db.session.execute(select(Call).where(Call.talk_seconds == 120)).scalar_one().talk_seconds = 121
        db.session.commit()
        assert admin_api.get(f"/api/v1/reports/summary?{OCT}").get_json()["calls"]["talk_seconds"] == 121


def test_the_last_days_are_read_from_the_records(app, admin_api, october):
    """A period ending today: the days settled get sheets, today never does, and a call placed
    just now is counted."""
    from models.base import utcnow

    with app.app_context():
        today = datetime.now(ZONE).date()
        db.session.add(Call(account_id=october["a1"], collector_id=october["c"], direction="outbound", via="phone",
                            status="completed", created_at=utcnow()))
        db.session.commit()
        got = admin_api.get(f"/api/v1/reports/summary?from={today.replace(day=1)}&to={today}").get_json()
        assert got["by_day"][-1]["call_attempts"] == 1
        kept = set(db.session.execute(select(ReportDay.day)).scalars())
        assert today not in kept
        assert kept == set(settled_days(Period(today.replace(day=1), today, "America/New_York"), utcnow()))


def test_a_day_settles_three_hours_after_it_ends():
    period = Period(date(2026, 11, 1), date(2026, 11, 5), "UTC")
    assert settled_days(period, datetime(2026, 11, 5, 3, tzinfo=UTC)) == [date(2026, 11, d) for d in (1, 2, 3, 4)]
    assert settled_days(period, datetime(2026, 11, 5, 2, 59, tzinfo=UTC)) == [date(2026, 11, d) for d in (1, 2, 3)]
    new_york = Period(date(2026, 11, 1), date(2026, 11, 5), "America/New_York")  # midnight is 05:00 UTC
    assert settled_days(new_york, datetime(2026, 11, 5, 7, 59, tzinfo=UTC)) == [date(2026, 11, d) for d in (1, 2, 3)]
    assert settled_days(new_york, datetime(2026, 11, 5, 8, tzinfo=UTC)) == [date(2026, 11, d) for d in (1, 2, 3, 4)]


def test_a_change_drops_its_day_in_every_zone_kept(app, october):
    """Sheets kept in another zone (the dealer's zone was changed) hold other hours under the
    same date; a change drops the day it falls on in each zone."""
    from desk.reports.sheets import kept_tally

    with app.app_context():
        day = date(2026, 10, 5)  # noon in New York: 09:00 in Los Angeles, the same date
        for zone in ("America/New_York", "America/Los_Angeles"):
            kept_tally(zone, [day])
        db.session.execute(select(Call).where(Call.talk_seconds == 120)).scalar_one().talk_seconds = 130
        db.session.commit()
        remade = kept_tally("America/New_York", [day])
        assert sum(cell.get("talk_seconds", 0) for cell in remade.cells.values()) == 130
        assert db.session.get(ReportDay, ("America/Los_Angeles", day)) is None


def test_readers_at_once_make_each_sheet_once(app, admin_api, october):
    """Two summaries asked at the same moment with no sheet kept: both answer alike, and each
    day has one sheet."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    path = f"/api/v1/reports/summary?{OCT}"
    with app.app_context():
        expected = fresh(admin_api, path)
        db.session.execute(delete(ReportDay))
        db.session.commit()
    start = Barrier(2)

    def ask(_n):
        start.wait()
        response = admin_api.get(path)
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(ask, range(2)))
    assert answers == [(200, expected)] * 2
    with app.app_context():
        assert db.session.execute(select(db.func.count()).select_from(ReportDay)).scalar() == 31


def test_a_big_take_leaves_no_dead_log_behind(app, admin_api, october, monkeypatch):
    """After an import of history the log is taken at once; on PostgreSQL the reader vacuums
    it, so asking "is anything logged?" does not read through pages of dead entries."""
    from sqlalchemy import insert, text

    from desk.reports import sheets

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite reuses the pages a DELETE frees; only PostgreSQL keeps dead rows")
        monkeypatch.setattr(sheets, "BIG_TAKE", 500)
        db.session.execute(insert(ReportChange), [{"at": noon(1 + n % 28)} for n in range(2000)])
        db.session.commit()
        size = text("SELECT pg_relation_size('report_changes')")
        assert db.session.execute(size).scalar() > 0
        admin_api.get(f"/api/v1/reports/summary?{OCT}")
        db.session.rollback()
        assert db.session.execute(select(db.func.count()).select_from(ReportChange)).scalar() == 0
        assert db.session.execute(size).scalar() == 0  # VACUUM gave the emptied pages back


def test_the_hourly_upkeep_takes_the_log_and_keeps_the_month_s_sheets(app, october):
    """Run by the scheduler whether anyone looks or not: the log does not grow without bound,
    and the settled days of the last 31 get their sheets before the first summary asks."""
    from desk.reports.sheets import keep_recent
    from jobs.scheduler import TASKS

    assert "jobs.recurring.keep_day_sheets" in [task.func_path for task in TASKS]
    with app.app_context():
        assert db.session.execute(select(db.func.count()).select_from(ReportChange)).scalar() > 0
        noon_december_4 = datetime(2026, 12, 4, 12, tzinfo=ZONE)
        assert keep_recent("America/New_York", noon_december_4) == 30  # November 4 to December 3
        assert db.session.execute(select(db.func.count()).select_from(ReportChange)).scalar() == 0
        days = sorted(db.session.execute(select(ReportDay.day)).scalars())
        assert (days[0], days[-1], len(days)) == (date(2026, 11, 4), date(2026, 12, 3), 30)


def test_the_scheduled_job_keeps_the_dealer_s_zone(app, october):
    from jobs.recurring import keep_day_sheets

    with app.app_context():
        assert keep_day_sheets() in (29, 30)  # yesterday settles at 03:00 in the dealer's zone
        assert set(db.session.execute(select(ReportDay.zone)).scalars()) == {app.config["DEALER_TIME_ZONE"]}
