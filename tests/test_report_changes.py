"""The log of changes to records the summary counted (report_changes, migration 0026): a write to a
row stamped more than an hour ago logs its stamp, a fresh row logs nothing, a NULL stamp is never
logged, a payment logs its date whatever it is; an account whose collector changes logs its
payments' dates and old reversals and consent events, an allocation its promise's stamp; a
disposition whose `reached` flips, or deleted, logs one row for every day. Each check reads the
table the triggers write, on the suite's database migrated as in production: a later migration that
rebuilds one of these tables on SQLite (batch_alter_table) drops its triggers, and these tests
fail."""
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, select, text

from desk import create_app
from desk.extensions import db
from models import (
    Account,
    Activity,
    Allocation,
    Call,
    ConsentEvent,
    Conversation,
    Disposition,
    Email,
    Message,
    Payment,
    Promise,
    ReportChange,
)
from tests.helpers import MOBILE, OUR_NUMBER

EVERY_DAY = (None, None)


def days_ago(days: float) -> datetime:
    """A UTC instant `days` ago, with microseconds (they must survive the round trip)."""
    return datetime.now(UTC).replace(microsecond=654321) - timedelta(days=days)


def today() -> date:
    return datetime.now(UTC).date()


def logged() -> list[tuple]:
    """(at, on_day) of each change logged since the last call, oldest first; the log is emptied."""
    db.session.flush()
    rows = db.session.execute(select(ReportChange.at, ReportChange.on_day).order_by(ReportChange.id)).all()
    db.session.execute(delete(ReportChange))
    return [tuple(row) for row in rows]


@pytest.fixture
def ctx(app, account):
    """An app context whose log starts empty; yields the `account` fixture's id."""
    with app.app_context():
        logged()
        yield account
        db.session.rollback()


def _conversation(account_id: int) -> int:
    conversation = Conversation(account_id=account_id, phone_number=MOBILE)
    db.session.add(conversation)
    db.session.flush()
    return conversation.id


# Each table counted on its row's own instant: a row of it stamped `at`, and a change to it that
# leaves the stamp alone.
STAMPED = {
    "calls": (lambda acc, at: Call(account_id=acc, direction="outbound", via="phone", created_at=at),
              "status", "completed"),
    "messages": (lambda acc, at: Message(conversation_id=_conversation(acc), account_id=acc, direction="outbound",
                                         from_number=OUR_NUMBER, to_number=MOBILE, created_at=at),
                 "status", "delivered"),
    "activities": (lambda acc, at: Activity(account_id=acc, type="note", created_at=at), "notes", "Edited"),
    "promises": (lambda acc, at: Promise(account_id=acc, amount=Decimal("100.00"), due_on=date(2026, 12, 1),
                                         created_at=at),
                 "status", "kept"),
    "consent_events": (lambda acc, at: ConsentEvent(channel="sms", action="opt_out", how="SMS keyword STOP",
                                                    account_id=acc, created_at=at),
                       "how", "collector"),
    "emails": (lambda acc, at: Email(account_id=acc, to_address="maria@example.com", subject="Hi", text_body="Hi",
                                     message_id=f"<{uuid.uuid4().hex}@test.local>", status="sent", sent_at=at),
               "status", "failed"),
}


@pytest.mark.parametrize("table", STAMPED)
def test_an_old_row_is_logged_when_written_changed_or_deleted(ctx, table):
    make, column, value = STAMPED[table]
    at = days_ago(3)
    row = make(ctx, at)
    db.session.add(row)
    assert logged() == [(at, None)]
    setattr(row, column, value)
    assert set(logged()) == {(at, None)}
    db.session.delete(row)
    assert logged() == [(at, None)]


@pytest.mark.parametrize("table", STAMPED)
def test_a_fresh_row_logs_nothing(ctx, table):
    make, column, value = STAMPED[table]
    row = make(ctx, datetime.now(UTC))
    db.session.add(row)
    assert logged() == []
    setattr(row, column, value)
    assert logged() == []
    db.session.delete(row)
    assert logged() == []


@pytest.mark.parametrize("table", STAMPED)
def test_a_fresh_row_restamped_old_logs_its_new_stamp_and_back_its_old_one(ctx, table):
    make, _column, _value = STAMPED[table]
    stamp = "sent_at" if table == "emails" else "created_at"
    row = make(ctx, datetime.now(UTC))
    db.session.add(row)
    logged()
    at = days_ago(5)
    setattr(row, stamp, at)
    assert logged() == [(at, None)]
    setattr(row, stamp, datetime.now(UTC))
    assert logged() == [(at, None)]


def test_old_is_more_than_an_hour_ago(ctx):
    just_old, not_yet = days_ago((60 + 1) / 1440), days_ago((60 - 1) / 1440)  # a minute either side
    db.session.add_all([Call(account_id=ctx, direction="outbound", via="phone", created_at=at)
                        for at in (just_old, not_yet)])
    assert logged() == [(just_old, None)]


def test_an_email_not_sent_logs_nothing(ctx):
    email = Email(account_id=ctx, to_address="maria@example.com", subject="Hi", text_body="Hi",
                  message_id="<queued@test.local>", created_at=days_ago(3))
    db.session.add(email)
    email.status = "failed"
    db.session.flush()
    db.session.delete(email)
    assert logged() == []


# Payments: their date (a local day) and their reversal (an instant), each on its own.

def test_a_payment_logs_its_day_and_an_old_reversal_each_on_its_own(ctx):
    paid_on, reversed_at = today() - timedelta(days=4), days_ago(2)
    paid = Payment(account_id=ctx, amount=Decimal("50.00"), paid_on=paid_on)
    reversed_today_paid = Payment(account_id=ctx, amount=Decimal("60.00"), paid_on=today(), reversed_at=reversed_at)
    db.session.add(paid)
    assert logged() == [(None, paid_on)]
    db.session.add(reversed_today_paid)
    assert logged() == [(None, today()), (reversed_at, None)]

    paid.reversed_at = datetime.now(UTC)  # reversed now: its day is logged, the fresh reversal is not
    assert set(logged()) == {(None, paid_on)}
    paid.reversed_at = reversed_at
    assert set(logged()) == {(None, paid_on), (reversed_at, None)}
    db.session.delete(paid)
    assert logged() == [(None, paid_on), (reversed_at, None)]
    db.session.delete(reversed_today_paid)
    assert logged() == [(None, today()), (reversed_at, None)]


def test_a_payment_of_today_logs_its_day_and_no_fresh_reversal(ctx):
    """A date is a day in the dealer's zone, which the database does not know: every payment's
    date is logged, today's too (a day ahead of UTC may already have settled)."""
    payment = Payment(account_id=ctx, amount=Decimal("50.00"), paid_on=today())
    db.session.add(payment)
    assert logged() == [(None, today())]
    payment.reversed_at = datetime.now(UTC)
    assert set(logged()) == {(None, today())}
    db.session.delete(payment)
    assert logged() == [(None, today())]


# Accounts: payments, reversals and opt-outs are credited to the account's collector now.

def test_a_new_collector_logs_the_account_s_old_payments_and_consent_events(ctx, users):
    paid_on, reversed_at, opted_out = today() - timedelta(days=10), days_ago(6), days_ago(4)
    other = Account(number="A-2002", first_name="Other", last_name="Account")
    db.session.add(other)
    db.session.flush()
    db.session.add_all([
        Payment(account_id=ctx, amount=Decimal("50.00"), paid_on=paid_on, reversed_at=reversed_at),
        Payment(account_id=ctx, amount=Decimal("70.00"), paid_on=today()),
        ConsentEvent(channel="sms", action="opt_out", how="SMS keyword STOP", account_id=ctx, created_at=opted_out),
        ConsentEvent(channel="call", action="opt_out", how="collector", account_id=ctx,
                     created_at=datetime.now(UTC)),
        Payment(account_id=other.id, amount=Decimal("80.00"), paid_on=today() - timedelta(days=20)),
        ConsentEvent(channel="sms", action="opt_out", how="SMS keyword STOP", account_id=other.id,
                     created_at=days_ago(9)),
    ])
    logged()
    account = db.session.get(Account, ctx)

    account.assigned_to_id = users["other"]
    assert sorted(logged(), key=str) == sorted([(None, paid_on), (None, today()), (reversed_at, None),
                                                (opted_out, None)], key=str)
    account.assigned_to_id = None
    assert len(logged()) == 4
    account.assigned_to_id = users["collector"]
    assert len(logged()) == 4


def test_an_account_changed_but_not_reassigned_logs_nothing(ctx, users):
    db.session.add(Payment(account_id=ctx, amount=Decimal("50.00"), paid_on=today() - timedelta(days=10)))
    logged()
    account = db.session.get(Account, ctx)
    account.balance = Decimal("1.00")
    account.assigned_to_id = users["collector"]  # the same collector
    assert logged() == []


# Allocations: what was paid toward a promise counts on the promise's day.

def test_an_allocation_logs_its_promise_s_day(ctx):
    taken = days_ago(8)
    old, fresh = (Promise(account_id=ctx, amount=Decimal("100.00"), due_on=date(2026, 12, 1), created_at=at)
                  for at in (taken, datetime.now(UTC)))
    payment = Payment(account_id=ctx, amount=Decimal("100.00"), paid_on=today())
    db.session.add_all([old, fresh, payment])
    logged()

    allocation = Allocation(payment_id=payment.id, promise_id=old.id, amount=Decimal("100.00"))
    db.session.add(allocation)
    assert logged() == [(taken, None)]
    allocation.released_at = datetime.now(UTC)
    assert set(logged()) == {(taken, None)}
    allocation.promise_id = fresh.id  # moved off the old promise: its day is logged once
    assert logged() == [(taken, None)]
    allocation.amount = Decimal("90.00")
    assert logged() == []
    db.session.delete(allocation)
    assert logged() == []
    db.session.add(Allocation(payment_id=payment.id, promise_id=old.id, amount=Decimal("5.00")))
    db.session.flush()
    db.session.execute(delete(Allocation))
    assert logged() == [(taken, None), (taken, None)]


# Dispositions: whether one reached the customer counts on every day an activity has it.

def test_a_disposition_s_reached_flipped_or_deleted_logs_every_day(ctx):
    disposition = Disposition(name="Talked to spouse", reached=False)
    db.session.add(disposition)
    assert logged() == []
    disposition.name = "Spoke to spouse"
    disposition.position = 12
    assert logged() == []
    disposition.reached = True
    assert logged() == [EVERY_DAY]
    db.session.delete(disposition)
    assert logged() == [EVERY_DAY]


# The log itself

def test_a_change_is_logged_with_the_time_of_the_write_and_an_id_never_used_before(ctx):
    db.session.add(Call(account_id=ctx, direction="outbound", via="phone", created_at=days_ago(3)))
    db.session.flush()
    first, logged_at = db.session.execute(select(ReportChange.id, ReportChange.logged_at)).one()
    assert abs(logged_at - datetime.now(UTC)) < timedelta(minutes=1)
    if db.engine.dialect.name == "sqlite":  # the text form of every other timestamp there
        stored = db.session.execute(text("SELECT logged_at FROM report_changes")).scalar_one()
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", stored)
    logged()
    db.session.add(Call(account_id=ctx, direction="outbound", via="phone", created_at=days_ago(3)))
    db.session.flush()
    assert db.session.execute(select(ReportChange.id)).scalar_one() > first


TRIGGERS = {f"report_change_{table}_{event}"
            for tables, events in (([*STAMPED, "payments", "payment_allocations"], ("insert", "update", "delete")),
                                   (["accounts"], ("update",)), (["dispositions"], ("update", "delete")))
            for table in tables for event in events}


def _report_objects() -> set[str]:
    if db.engine.dialect.name == "postgresql":
        found = text("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'report_change%' UNION ALL "
                     "SELECT proname FROM pg_proc WHERE proname LIKE 'report_change%' UNION ALL "
                     "SELECT tablename FROM pg_tables WHERE tablename IN ('report_changes', 'report_days')")
    else:
        found = text("SELECT name FROM sqlite_master WHERE name LIKE 'report_change%' OR name = 'report_days'")
    return set(db.session.execute(found).scalars())


def test_the_migration_makes_every_trigger_and_its_downgrade_drops_them(fresh_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_url, "TESTING": True})
    functions = ({f"report_change_{table}" for table in [*STAMPED, "payments", "payment_allocations", "accounts",
                                                            "dispositions"]}
                 if fresh_url.startswith("postgresql") else set())
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory)
        made = _report_objects()
        db.session.remove()
        downgrade(directory=directory, revision="0025")
        left = _report_objects()
        db.session.remove()
        upgrade(directory=directory)
        again = _report_objects()
        db.session.remove()
        db.engine.dispose()
    assert made == again == TRIGGERS | functions | {"report_changes", "report_days"}
    assert left == set()
