"""Scheduled work: promise reminders, the kept/broken evaluation, and the timer that runs them."""
import os
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desk import settings
from desk.collections.promises import add_promise
from desk.collections.reminders import send_due_reminders
from desk.extensions import db
from jobs.scheduler import TASKS, Timer
from models import Account, ConsentEvent, Email, Message, Promise, utcnow
from tests.helpers import MOBILE, clean_redis, redis_config, wait_for

DUE = date.today() + timedelta(days=10)


def at(day: date, hour_utc: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour_utc, tzinfo=UTC)


@pytest.fixture
def promise(app, account, users):
    """A $150 promise due in ten days; reminders by email two days before."""
    with app.app_context():
        settings.change({"reminder_channel": "email", "reminder_days_before": 2, "reminder_template": ""})
        made = add_promise(db.session.get(Account, account), {"amount": Decimal("150.00"), "due_on": DUE}, None)
        db.session.commit()
        return made.id


def reminded(app, promise_id) -> datetime | None:
    with app.app_context():
        return db.session.get(Promise, promise_id).reminded_at


def emails(app) -> list[Email]:
    with app.app_context():
        rows = db.session.execute(db.select(Email)).scalars().all()
        db.session.expunge_all()
        return rows


def test_email_reminder_on_the_right_day_and_only_once(app, promise, app_config):
    with app.app_context():
        assert send_due_reminders(at(DUE - timedelta(days=3), 16)) == 0  # too early
        assert send_due_reminders(at(DUE - timedelta(days=2), 16)) == 1  # 10:00 in Dallas
        assert send_due_reminders(at(DUE - timedelta(days=1), 16)) == 0  # already reminded
    [email] = emails(app)
    assert email.status == "sent" and email.to_address == "maria@example.com"
    assert "$150.00" in email.text_body and DUE.strftime("%b %d, %Y") in email.text_body
    assert reminded(app, promise) is not None
    [eml] = Path(app_config["OUTBOX_DIR"]).glob("*.eml")
    assert b"Payment reminder for account A-1001" in eml.read_bytes()


def test_reminder_waits_for_contact_hours_in_the_customers_zone(app, promise):
    with app.app_context():
        assert send_due_reminders(at(DUE - timedelta(days=1), 12)) == 0  # 06:00 in Dallas
        assert send_due_reminders(at(DUE - timedelta(days=1), 3)) == 0  # 21:00 the day before
    assert reminded(app, promise) is None and emails(app) == []
    with app.app_context():
        assert send_due_reminders(at(DUE - timedelta(days=1), 14)) == 1  # 08:00
    assert reminded(app, promise) is not None


def test_reminder_uses_the_named_template(app, promise):
    from models import MessageTemplate

    with app.app_context():
        db.session.add(MessageTemplate(channel="email", name="Promise reminder", subject="Due {{ promise_due_on }}",
                                       body="{{ first_name }}, {{ promise_amount }} please."))
        settings.change({"reminder_template": "promise reminder"})
        db.session.commit()
        assert send_due_reminders(at(DUE, 16)) == 1
    [email] = emails(app)
    assert email.subject == f"Due {DUE:%b %d, %Y}" and email.text_body.startswith("Maria, $150.00 please.")


def test_no_reminder_to_an_opted_out_address(app, client, promise, account):
    from desk.compliance.email_optout import opt_out_email
    from models import EmailAddress

    with app.app_context():
        opt_out_email(db.session.execute(db.select(EmailAddress)).scalar_one(), "email link")
        db.session.commit()
        assert send_due_reminders(at(DUE, 16)) == 0
    assert reminded(app, promise) is None and emails(app) == []


def test_no_sms_reminder_to_opted_out_phones(app, promise):
    from models import Phone

    with app.app_context():
        settings.change({"reminder_channel": "sms"})
        for phone in db.session.execute(db.select(Phone)).scalars():
            phone.sms_opted_out_at, phone.sms_opt_out_how = utcnow(), "SMS keyword STOP"
        db.session.commit()
        assert send_due_reminders(at(DUE, 16)) == 0
    assert reminded(app, promise) is None


def test_sms_reminder_is_texted_through_the_simulator(app, promise, sim):
    with app.app_context():
        settings.change({"reminder_channel": "sms"})
        db.session.commit()
        assert send_due_reminders(at(DUE - timedelta(days=2), 16)) == 1
        assert send_due_reminders(at(DUE - timedelta(days=2), 17)) == 0  # once only
    assert wait_for(lambda: [m for m in sim.world.phone_inbox if m.get("to") == MOBILE])
    with app.app_context():
        [message] = db.session.execute(db.select(Message)).scalars().all()
        assert message.to_number == MOBILE and "$150.00" in message.body
        assert message.twilio_sid and message.account_id == promise_account(promise)
    assert reminded(app, promise) is not None


def promise_account(promise_id: int) -> int:
    return db.session.get(Promise, promise_id).account_id


def test_the_timer_runs_reminders_and_settles_broken_promises(app, promise, account):
    with app.app_context():
        row = db.session.get(Promise, promise)
        row.due_on = date.today() - timedelta(days=1)  # its day passed without a payment
        db.session.commit()
    timer = Timer(app)
    assert timer.tick(now=1_000_000.0) == [task.func_path for task in TASKS]
    assert timer.tick(now=1_000_001.0) == []  # nothing is due again yet
    with app.app_context():
        assert db.session.get(Promise, promise).status == "broken"


def test_broken_promises_evaluated_through_the_scheduled_queue(app_config, account, users):
    url, prefix = redis_config(app_config)
    from desk import create_app
    from jobs.queues import worker

    app = create_app(app_config)
    try:
        with app.app_context():
            made = add_promise(db.session.get(Account, account), {"amount": Decimal("90.00"),
                                                                  "due_on": date.today() + timedelta(days=1)}, None)
            db.session.commit()
            made.due_on = date.today() - timedelta(days=1)
            db.session.commit()
            promise_id = made.id
        now = 2_000_000.0
        assert "jobs.recurring.evaluate_promises" in Timer(app).tick(now=now)
        assert Timer(app).tick(now=now) == ["jobs.recurring.sweep_outbox"]  # another timer: queued once
        worker(app).work(burst=True)
        with app.app_context():
            assert db.session.get(Promise, promise_id).status == "broken"
    finally:
        clean_redis(url, prefix)


def test_follow_ups_due_today_are_in_the_worklist(api, client, auth, account, users):
    today = date.today().isoformat()
    api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "Call back", "follow_up_on": today,
                                                              "assigned_to": users["collector"]})
    auth.login()
    page = client.get("/worklist")
    assert b"Maria Garcia" in page.data or b"A-1001" in page.data


def test_consent_events_are_untouched_by_reminders(app, promise):
    with app.app_context():
        send_due_reminders(at(DUE, 16))
        assert db.session.execute(db.select(ConsentEvent)).scalars().all() == []


@pytest.mark.parametrize("redis_url, runs_timer", [("", True), ("redis://127.0.0.1:6379/0", False)])
def test_a_web_process_runs_the_scheduled_work_only_without_redis(tmp_path, redis_url, runs_timer):
    """gunicorn imports wsgi.py in each process; without Redis there is no worker to run the timer."""
    import subprocess
    import sys

    env = {"PATH": os.environ.get("PATH", ""), "DESK_INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}", "REDIS_URL": redis_url}
    names = subprocess.run(
        [sys.executable, "-c", "import threading, wsgi; print(sorted(t.name for t in threading.enumerate()))"],
        cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True, text=True, timeout=60)
    assert names.returncode == 0, names.stderr
    assert ("desk-scheduler" in names.stdout) is runs_timer
