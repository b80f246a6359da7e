"""The ledger through its verbs: each payment counted once, balances that move, plans, reversals,
the payment schedule, and every refusal."""
from datetime import date, timedelta
from decimal import Decimal

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from sqlalchemy import select

from desk import settings
from desk.collections import balances
from desk.collections.allocations import applied_amount
from desk.collections.payments import record_payment, reverse_payment
from desk.collections.promises import add_plan, add_promise, cancel_promise, evaluate_due, update_promise
from desk.collections.worklist import worklist
from desk.errors import Conflict, Forbidden, Invalid
from desk.extensions import db
from models import Account, Activity, Allocation, AuditEntry, Payment, Promise, User
from tests.helpers import run_import, write_csv

TODAY = date.today()  # worked out again as each test starts (a run can cross midnight)
D = Decimal


@pytest.fixture(autouse=True)
def _today_when_run():
    global TODAY
    TODAY = date.today()


@pytest.fixture
def ctx(app, users, account):
    """Inside the app: the account (balance $5,400.00, $250.00 due) and the people."""
    with app.app_context():
        yield {"account": db.session.get(Account, account), "collector": db.session.get(User, users["collector"]),
               "admin": db.session.get(User, users["admin"]), "other": db.session.get(User, users["other"])}


def promise(ctx, amount, days=3, today=None):
    today = today or TODAY
    return add_promise(ctx["account"], {"amount": D(amount), "due_on": today + timedelta(days=days)},
                       ctx["collector"], today=today)


def pay(ctx, amount, day=None, **extra):
    day = day or TODAY
    return record_payment(ctx["account"], {"amount": D(amount), "paid_on": day, **extra},
                          extra.pop("author", ctx["collector"]), today=day)


def applied(*promises):
    return [applied_amount(p) for p in promises]


def statuses(*promises):
    for p in promises:
        db.session.refresh(p)
    return [p.status for p in promises]


def test_one_payment_keeps_one_promise_not_three(ctx):
    first, second, third = promise(ctx, "100", 1), promise(ctx, "100", 2), promise(ctx, "100", 3)
    pay(ctx, "100")
    assert statuses(first, second, third) == ["kept", "pending", "pending"]
    assert applied(first, second, third) == [D("100.00"), D("0.00"), D("0.00")]


def test_the_rest_of_a_payment_goes_to_the_next_promise_in_due_date_order(ctx):
    late, early, middle = promise(ctx, "250", 9), promise(ctx, "100", 2), promise(ctx, "200", 5)
    pay(ctx, "225")
    assert statuses(early, middle, late) == ["kept", "pending", "pending"]
    assert applied(early, middle, late) == [D("100.00"), D("125.00"), D("0.00")]
    rows = db.session.execute(select(Allocation.promise_id, Allocation.amount).order_by(Allocation.id)).all()
    assert rows == [(early.id, D("100.00")), (middle.id, D("125.00"))]


def test_partial_payments_leave_the_promise_pending_until_they_add_up(ctx):
    owed = promise(ctx, "250")
    pay(ctx, "100", reference="R1")
    assert statuses(owed) == ["pending"] and applied(owed) == [D("100.00")]
    pay(ctx, "150", reference="R2")
    assert statuses(owed) == ["kept"] and applied(owed) == [D("250.00")]


def test_what_no_promise_needs_stays_unallocated(ctx):
    only = promise(ctx, "100")
    payment = pay(ctx, "300")
    assert applied(only) == [D("100.00")]
    assert sum(a.amount for a in db.session.execute(
        select(Allocation).where(Allocation.payment_id == payment.id)).scalars()) == D("100.00")


def test_a_payment_before_the_promise_was_made_does_not_count(ctx):
    pay(ctx, "250", day=TODAY - timedelta(days=2))
    later = promise(ctx, "250", 0)
    assert statuses(later) == ["pending"] and applied(later) == [D("0.00")]


def test_grace_days_let_a_late_payment_keep_the_promise(ctx):
    settings.change({"promise_grace_days": 2})
    due_today = promise(ctx, "50", 0)
    pay(ctx, "50", day=TODAY + timedelta(days=2))
    assert statuses(due_today) == ["kept"]


def test_a_payment_after_the_grace_days_does_not_count_and_the_promise_breaks(ctx):
    settings.change({"promise_grace_days": 1})
    due_today = promise(ctx, "50", 0)
    assert evaluate_due(TODAY + timedelta(days=1)) == 0
    evaluate_due(TODAY + timedelta(days=2))
    assert statuses(due_today) == ["broken"]
    pay(ctx, "50", day=TODAY + timedelta(days=2))
    assert applied(due_today) == [D("0.00")] and statuses(due_today) == ["broken"]


def test_a_plan_is_one_promise_per_installment_each_kept_on_its_own(ctx):
    made = add_plan(ctx["account"], {"installments": [
        {"amount": D("100"), "due_on": TODAY + timedelta(days=d)} for d in (14, 0, 7)]}, ctx["collector"], today=TODAY)
    assert [p.due_on for p in made] == [TODAY, TODAY + timedelta(days=7), TODAY + timedelta(days=14)]
    assert len({p.plan_id for p in made}) == 1 and made[0].plan_id is not None
    pay(ctx, "150")
    assert statuses(*made) == ["kept", "pending", "pending"]
    assert applied(*made) == [D("100.00"), D("50.00"), D("0.00")]
    evaluate_due(TODAY + timedelta(days=8))
    assert statuses(*made) == ["kept", "broken", "pending"]


def test_a_payment_moves_balance_amount_due_and_days_past_due(ctx):
    account = ctx["account"]
    pay(ctx, "100")
    assert (account.balance, account.amount_due, account.days_past_due, account.status) == (
        D("5300.00"), D("150.00"), 24 + (TODAY - date(2026, 11, 25)).days, "delinquent")
    pay(ctx, "150", reference="R2")
    assert (account.balance, account.amount_due, account.days_past_due, account.status) == (
        D("5150.00"), D("0.00"), 0, "current")


def test_the_balance_never_goes_below_zero_and_a_paid_up_account_is_paid_off(ctx):
    account = ctx["account"]
    account.balance = D("80.00")
    payment = pay(ctx, "100", author=ctx["admin"], overpayment=True)
    assert (account.balance, account.amount_due, account.status) == (D("0.00"), D("0.00"), "paid_off")
    assert (payment.balance_applied, payment.due_applied) == (D("80.00"), D("250.00"))  # due never above balance


def test_every_figure_a_payment_changes_is_audited(ctx):
    payment = pay(ctx, "100")
    fields = {(e.field, e.old, e.new) for e in db.session.execute(
        select(AuditEntry).where(AuditEntry.entity == "account")).scalars()}
    assert ("balance", "5400.00", "5300.00") in fields and ("amount_due", "250.00", "150.00") in fields
    assert all(e.user_id == ctx["collector"].id for e in db.session.execute(select(AuditEntry)).scalars())
    assert payment.source == "console"


def test_a_reversal_puts_the_money_back_and_reopens_what_it_kept(ctx):
    account, owed = ctx["account"], promise(ctx, "250")
    payment = pay(ctx, "250")
    assert statuses(owed) == ["kept"] and account.amount_due == D("0.00")
    reverse_payment(payment, "NSF", ctx["admin"])
    assert (account.balance, account.amount_due, account.status) == (D("5400.00"), D("250.00"), "delinquent")
    assert statuses(owed) == ["pending"] and applied(owed) == [D("0.00")]
    assert payment.reversed_at is not None and payment.reversal_reason == "NSF"
    notes = [a.notes for a in db.session.execute(select(Activity).where(Activity.payment_id == payment.id)).scalars()]
    assert any("reversed: NSF" in n for n in notes)
    with pytest.raises(Conflict):
        reverse_payment(payment, "again", ctx["admin"])


def test_a_reversal_after_the_due_date_breaks_the_promise_and_the_assignee_sees_it(ctx):
    owed = promise(ctx, "100", 0)
    payment = pay(ctx, "100")
    reverse_payment(payment, "Returned check", ctx["admin"], today=TODAY + timedelta(days=1))
    assert statuses(owed) == ["broken"]
    db.session.commit()
    items, _ = worklist(ctx["collector"], today=TODAY + timedelta(days=1))
    kinds = {r["kind"] for item in items for r in item.reasons}
    assert {"broken_promise", "reversed_payment"} <= kinds


def test_only_an_admin_reverses_and_only_with_a_reason(ctx):
    payment = pay(ctx, "10")
    with pytest.raises(Forbidden):
        reverse_payment(payment, "NSF", ctx["collector"])
    with pytest.raises(Invalid) as refused:
        reverse_payment(payment, "  ", ctx["admin"])
    assert "reason" in refused.value.fields


def test_the_schedule_adds_a_payment_each_time_a_due_date_passes(ctx):
    account = ctx["account"]
    account.amount_due, account.days_past_due, account.status = D("0.00"), 0, "current"
    account.payment_amount, account.payment_frequency = D("100.00"), "weekly"
    account.next_due_on = TODAY
    assert balances.roll_schedule(account, TODAY) == 1
    assert (account.amount_due, account.days_past_due, account.status) == (D("100.00"), 0, "current")
    assert account.next_due_on == TODAY + timedelta(days=7)
    assert balances.roll_schedule(account, TODAY + timedelta(days=10)) == 1
    assert (account.amount_due, account.due_on, account.days_past_due, account.status) == (
        D("200.00"), TODAY, 10, "delinquent")
    pay(ctx, "150", day=TODAY + timedelta(days=10))
    assert (account.amount_due, account.due_on, account.days_past_due) == (D("50.00"), TODAY + timedelta(days=7), 3)


def test_the_daily_run_rolls_every_scheduled_account_once(ctx):
    account = ctx["account"]
    account.payment_amount, account.payment_frequency = D("300.00"), "monthly"
    account.next_due_on = date(2026, 1, 31)
    db.session.commit()
    assert balances.roll_all(date(2026, 3, 1)) == 1
    db.session.refresh(account)
    assert account.next_due_on == date(2026, 3, 28)
    assert account.amount_due == D("850.00")
    assert balances.roll_all(date(2026, 3, 1)) == 0


@pytest.mark.parametrize("start, frequency, steps", [
    (date(2026, 1, 1), "semimonthly", [date(2026, 1, 16), date(2026, 2, 1), date(2026, 2, 16)]),
    (date(2026, 1, 15), "semimonthly", [date(2026, 1, 30), date(2026, 2, 15), date(2026, 2, 28)]),
    (date(2026, 1, 2), "weekly", [date(2026, 1, 9), date(2026, 1, 16), date(2026, 1, 23)]),
    (date(2026, 1, 2), "biweekly", [date(2026, 1, 16), date(2026, 1, 30), date(2026, 2, 13)]),
    (date(2026, 1, 31), "monthly", [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]),
])
def test_due_dates_step_by_frequency(start, frequency, steps):
    assert [balances.step(start, frequency, n) for n in (1, 2, 3)] == steps


@pytest.mark.parametrize("start, frequency", [
    (date(2026, 1, 1), "semimonthly"), (date(2026, 3, 20), "semimonthly"), (date(2026, 1, 2), "weekly"),
    (date(2026, 1, 2), "biweekly"), (date(2026, 1, 15), "monthly"),
])
def test_stepping_back_undoes_stepping_forward(start, frequency):
    assert balances.step(balances.step(start, frequency, 5), frequency, -5) == start


@pytest.mark.parametrize("data, field", [
    ({"amount": "100", "due_on": -1}, "due_on"),
    ({"amount": "100", "due_on": 31}, "due_on"),
    ({"amount": "0", "due_on": 3}, "amount"),
    ({"amount": "5400.01", "due_on": 3}, "amount"),
])
def test_promise_refusals_name_the_field(ctx, data, field):
    with pytest.raises(Invalid) as refused:
        add_promise(ctx["account"], {"amount": D(data["amount"]), "due_on": TODAY + timedelta(days=data["due_on"])},
                    ctx["collector"], today=TODAY)
    assert field in refused.value.fields
    assert db.session.execute(select(Promise)).first() is None


def test_the_horizon_is_the_admins_setting(ctx):
    settings.change({"promise_horizon_days": 60})
    assert promise(ctx, "10", 45).status == "pending"


def test_a_plan_may_not_promise_more_than_the_balance(ctx):
    ctx["account"].balance = D("150.00")
    with pytest.raises(Invalid) as refused:
        add_plan(ctx["account"], {"installments": [{"amount": D("100"), "due_on": TODAY + timedelta(days=d)}
                                                   for d in (1, 8)]}, ctx["collector"], today=TODAY)
    assert "installments" in refused.value.fields


@pytest.mark.parametrize("data, field", [
    ({"amount": D("10"), "paid_on": "tomorrow"}, "paid_on"),
    ({"amount": D("0")}, "amount"),
    ({"amount": D("5400.01")}, "amount"),
])
def test_payment_refusals_name_the_field(ctx, data, field):
    if data.get("paid_on") == "tomorrow":  # worked out when the test runs, not when it is collected
        data = {**data, "paid_on": TODAY + timedelta(days=1)}
    with pytest.raises(Invalid) as refused:
        record_payment(ctx["account"], data, ctx["collector"], today=TODAY)
    assert field in refused.value.fields
    db.session.rollback()
    assert db.session.execute(select(Payment)).first() is None


def test_only_an_admin_accepts_an_overpayment(ctx):
    with pytest.raises(Forbidden):
        record_payment(ctx["account"], {"amount": D("6000"), "overpayment": True}, ctx["collector"], today=TODAY)
    db.session.rollback()
    payment = record_payment(ctx["account"], {"amount": D("6000"), "overpayment": True}, ctx["admin"], today=TODAY)
    assert payment.overpayment and ctx["account"].balance == D("0.00")


def test_changing_a_promise_is_audited_and_on_the_timeline(ctx):
    owed = promise(ctx, "100")
    update_promise(owed, {"amount": D("120"), "due_on": TODAY + timedelta(days=5), "assigned_to": ctx["other"],
                          "notes": "Payday moved"}, ctx["collector"], today=TODAY)
    entries = {(e.field, e.old, e.new) for e in db.session.execute(
        select(AuditEntry).where(AuditEntry.entity == "promise", AuditEntry.entity_id == owed.id)).scalars()}
    assert ("amount", "100.00", "120.00") in entries and ("assigned_to", "Cole Collector", "Olive Other") in entries
    note = db.session.execute(select(Activity.notes).where(Activity.notes.like("%changed%"))).scalar()
    assert "amount: 100.00 → 120.00" in note and "Payday moved" in note


def test_a_promise_cannot_shrink_below_what_is_paid_toward_it(ctx):
    owed = promise(ctx, "100")
    pay(ctx, "60")
    with pytest.raises(Invalid) as refused:
        update_promise(owed, {"amount": D("50")}, ctx["collector"], today=TODAY)
    assert "amount" in refused.value.fields
    update_promise(owed, {"amount": D("60")}, ctx["collector"], today=TODAY)
    assert statuses(owed) == ["kept"]


def test_cancelling_needs_a_reason_and_ends_the_promise(ctx):
    owed = promise(ctx, "100")
    with pytest.raises(Invalid):
        cancel_promise(owed, "", ctx["collector"])
    cancel_promise(owed, "Customer will pay in full at the lot", ctx["collector"])
    assert owed.status == "cancelled" and owed.cancel_reason.startswith("Customer")
    with pytest.raises(Conflict):
        update_promise(owed, {"notes": "x"}, ctx["collector"], today=TODAY)


OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("promise"), st.integers(1, 400), st.integers(0, 20)),
    st.tuples(st.just("pay"), st.integers(1, 500), st.integers(0, 3)),
    st.tuples(st.just("reverse"), st.integers(0, 20), st.just(0)),
    st.tuples(st.just("evaluate"), st.just(0), st.integers(0, 3)),
), min_size=1, max_size=25)


@hypothesis.settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_no_payment_is_ever_counted_twice(ctx, operations):
    """Whatever happens in whatever order, allocations never exceed the payments or the promises,
    a reversed payment pays nothing, kept means fully paid, and the balance adds up."""
    account, day = ctx["account"], TODAY
    start_balance = account.balance
    try:
        for kind, amount, days in operations:
            day += timedelta(days=days if kind in ("pay", "evaluate") else 0)
            _play(ctx, kind, D(amount), days, day)
            _check_invariants(account, start_balance)
    finally:
        db.session.rollback()


def _play(ctx, kind, amount, days, day):
    try:
        if kind == "promise":
            add_promise(ctx["account"], {"amount": amount, "due_on": day + timedelta(days=days)}, ctx["collector"],
                        today=day)
        elif kind == "pay":
            record_payment(ctx["account"], {"amount": amount, "paid_on": day}, ctx["collector"], today=day)
        elif kind == "reverse":
            payments = db.session.execute(select(Payment).order_by(Payment.id)).scalars().all()
            if payments:
                reverse_payment(payments[int(amount) % len(payments)], "NSF", ctx["admin"], today=day)
        else:
            evaluate_due(day)
    except (Invalid, Conflict):
        pass  # a refusal changes nothing, which the invariants also check


def _check_invariants(account, start_balance):
    db.session.flush()
    live = db.session.execute(select(Allocation).where(Allocation.released_at.is_(None))).scalars().all()
    payments = {p.id: p for p in db.session.execute(select(Payment)).scalars()}
    promises = {p.id: p for p in db.session.execute(select(Promise)).scalars()}
    by_payment, by_promise = {}, {}
    for row in live:
        by_payment[row.payment_id] = by_payment.get(row.payment_id, D("0")) + row.amount
        by_promise[row.promise_id] = by_promise.get(row.promise_id, D("0")) + row.amount
        assert row.amount > 0
    assert sum(by_payment.values(), D("0")) <= sum((p.amount for p in payments.values()), D("0"))
    for payment_id, total in by_payment.items():
        assert total <= payments[payment_id].amount and payments[payment_id].reversed_at is None
    for promise_id, promise in promises.items():
        paid = by_promise.get(promise_id, D("0"))
        assert paid <= promise.amount
        assert (promise.status == "kept") == (paid == promise.amount)
    taken = sum((p.balance_applied for p in payments.values() if p.reversed_at is None), D("0"))
    assert account.balance == start_balance - taken
    assert D("0") <= account.amount_due <= account.balance or account.balance == 0


SCHEDULE_HEADER = "Account #,First Name,Last Name,Balance,Amount Due,Due Date,Payment Amount,Frequency,As Of\n"


def _import(runner, tmp_path, rows: str):
    result = run_import(runner, "accounts", write_csv(tmp_path, SCHEDULE_HEADER + rows))
    assert result.exit_code == 0, result.output
    return result.output


def test_an_import_brings_the_payment_schedule(app, runner, tmp_path):
    due = TODAY - timedelta(days=10)
    _import(runner, tmp_path, f"S-1,Ana,Reyes,4000,150,{due:%m/%d/%Y},150,Bi-Weekly,\n")
    with app.app_context():
        account = db.session.execute(select(Account).where(Account.number == "S-1")).scalar_one()
        assert (account.payment_amount, account.payment_frequency) == (D("150.00"), "biweekly")
        assert account.next_due_on == due + timedelta(days=14)


def test_an_unknown_frequency_is_a_row_problem(runner, tmp_path):
    rows = SCHEDULE_HEADER + "S-2,Ana,Reyes,4000,150,,150,Yearly,\n"
    result = run_import(runner, "accounts", write_csv(tmp_path, rows))
    assert "Frequency" in result.output and "not a payment frequency" in result.output


def test_a_reimport_never_counts_a_desk_payment_twice(app, runner, tmp_path, users):
    """The DMS export as of yesterday does not hold today's desk payment; one as of today does."""
    _import(runner, tmp_path, f"R-1,Ana,Reyes,5000,300,{TODAY:%m/%d/%Y},,,\n")
    with app.app_context():
        account = db.session.execute(select(Account).where(Account.number == "R-1")).scalar_one()
        record_payment(account, {"amount": D("100")}, db.session.get(User, users["collector"]))
        db.session.commit()
    yesterday = TODAY - timedelta(days=1)
    _import(runner, tmp_path, f"R-1,Ana,Reyes,5000,300,{TODAY:%m/%d/%Y},,,{yesterday:%m/%d/%Y}\n")
    with app.app_context():
        account = db.session.execute(select(Account).where(Account.number == "R-1")).scalar_one()
        assert (account.balance, account.amount_due) == (D("4900.00"), D("200.00"))
    _import(runner, tmp_path, f"R-1,Ana,Reyes,4900,200,{TODAY:%m/%d/%Y},,,{TODAY:%m/%d/%Y}\n")
    with app.app_context():
        account = db.session.execute(select(Account).where(Account.number == "R-1")).scalar_one()
        assert (account.balance, account.amount_due) == (D("4900.00"), D("200.00"))
    _import(runner, tmp_path, f"R-1,Ana,Reyes,4800,100,{TODAY:%m/%d/%Y},,,\n")
    with app.app_context():
        account = db.session.execute(select(Account).where(Account.number == "R-1")).scalar_one()
        assert (account.balance, account.amount_due) == (D("4800.00"), D("100.00"))
