"""Promises, plans, payments and reversals on the account page, in a real headless Chromium."""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser

TODAY = date.today()  # worked out again as each test starts (a run can cross midnight)


@pytest.fixture(autouse=True)
def _today_when_run():
    global TODAY
    TODAY = date.today()


def installment_rows(plan):
    """The plan's installment rows (its first row is the plan's heading)."""
    return plan.get_by_role("row").filter(has=plan.page.locator("td"))


def expect_installments(plan, expected):
    rows = installment_rows(plan)
    expect(rows).to_have_count(len(expected))
    for index, (amount, applied, status) in enumerate(expected):
        cells = rows.nth(index).get_by_role("cell")
        expect(cells.nth(1)).to_have_text(amount)
        # the applied amount first, then which payments paid it
        expect(cells.nth(2)).to_have_text(re.compile(rf"^{re.escape(applied)}(\s|$)"))
        expect(cells.nth(5)).to_have_text(status)


def test_a_plan_paid_in_part_then_the_payment_reversed(live_server, page, account):
    first = TODAY + timedelta(days=1)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.get_by_role("region", name="Quick actions").get_by_role("button", name="Add Promise to Pay").click()
    window = page.get_by_role("dialog", name="Add Promise to Pay")
    window.get_by_role("radio", name="Installment plan").check()

    repeat = window.get_by_role("group", name="Repeat an amount")
    repeat.get_by_role("textbox", name="Amount").fill("100")
    repeat.get_by_label("First date").fill(first.isoformat())
    repeat.get_by_role("combobox", name="Every").select_option(label="week")
    repeat.get_by_role("spinbutton", name="How many").fill("3")
    repeat.get_by_role("button", name="Fill installments").click()

    installments = window.get_by_role("table", name="Installments")
    for n, days in enumerate((0, 7, 14), start=1):
        expect(installments.get_by_role("textbox", name=f"Installment {n} amount")).to_have_value("100")
        due_on = (first + timedelta(days=days)).isoformat()
        expect(window.get_by_label(f"Installment {n} due date")).to_have_value(due_on)
    expect(window.get_by_text("Plan total: $300.00")).to_be_visible()
    window.get_by_role("button", name="Add installment").click()  # a row by hand, then taken away
    window.get_by_role("textbox", name="Installment 4 amount").fill("25.50")
    expect(window.get_by_text("Plan total: $325.50")).to_be_visible()
    window.get_by_role("button", name="Remove installment 4").click()
    expect(window.get_by_text("Plan total: $300.00")).to_be_visible()
    window.get_by_role("textbox", name="Notes").fill("Paid on Fridays")
    window.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"tab=promises"))
    saved = "Plan of 3 installments, $300.00 in all, saved."
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(saved)
    plan = page.get_by_role("rowgroup", name="Installment plan of $300.00")
    expect(plan.get_by_role("rowheader")).to_contain_text("3 installments · Total $300.00 · Applied $0.00")
    expect_installments(plan, [("$100.00", "$0.00", "pending")] * 3)
    expect(installment_rows(plan).first).to_contain_text("Paid on Fridays")

    payment_form = page.get_by_role("form", name="Record a payment")
    expect(payment_form.get_by_role("checkbox", name="Accept as overpayment")).to_have_count(0)  # admins only
    payment_form.get_by_role("textbox", name="Amount").fill("150")
    payment_form.get_by_role("textbox", name="Reference").fill("CK-77")
    payment_form.get_by_role("button", name="Record payment").click()

    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Payment of $150.00 recorded.")
    plan = page.get_by_role("rowgroup", name="Installment plan of $300.00")
    expect(plan.get_by_role("rowheader")).to_contain_text("Applied $150.00")
    expect_installments(plan, [("$100.00", "$100.00", "kept"), ("$100.00", "$50.00", "pending"),
                               ("$100.00", "$0.00", "pending")])
    payments = page.get_by_role("table", name="Payments")
    paid = payments.get_by_role("row").filter(has_text="CK-77")
    expect(paid).to_contain_text("$150.00")
    expect(paid).to_contain_text("Console")
    expect(paid).to_contain_text("Posted")
    expect(page.get_by_role("button", name=re.compile("^Reverse"))).to_have_count(0)  # a collector cannot

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "admin@test.local")
    page.goto(f"{live_server}/accounts/{account}?tab=promises")
    page.get_by_role("button", name="Reverse the payment of $150.00").click()
    dialog = page.get_by_role("dialog", name="Reverse payment")
    expect(dialog).to_contain_text("$150.00 of")
    dialog.get_by_role("textbox", name="Reason").fill("NSF")
    dialog.get_by_role("button", name="Reverse payment").click()

    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Payment of $150.00 reversed.")
    plan = page.get_by_role("rowgroup", name="Installment plan of $300.00")
    expect(plan.get_by_role("rowheader")).to_contain_text("Applied $0.00")
    expect_installments(plan, [("$100.00", "$0.00", "pending")] * 3)
    paid = page.get_by_role("table", name="Payments").get_by_role("row").filter(has_text="CK-77")
    expect(paid).to_contain_text(re.compile(r"Reversed \w{3} \d{2}, \d{4}: NSF"))
    expect(paid.get_by_role("button")).to_have_count(0)


def test_a_refused_promise_keeps_the_window_open_with_what_was_typed(live_server, page, account):
    yesterday, tomorrow = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.get_by_role("region", name="Quick actions").get_by_role("button", name="Add Promise to Pay").click()
    window = page.get_by_role("dialog", name="Add Promise to Pay")
    amount = window.get_by_role("textbox", name="Amount", exact=True)
    due = window.get_by_label("Due date", exact=True)
    amount.fill("250")
    due.fill(yesterday.isoformat())
    window.get_by_role("textbox", name="Notes").fill("Says Friday")
    window.get_by_role("button", name="Save").click()

    expect(window.get_by_role("alert")).to_have_text("A promise cannot fall due in the past.")
    expect(due).to_have_accessible_description(f"Must be {TODAY.isoformat()} or later.")
    expect(window).to_be_visible()
    expect(amount).to_have_value("250")
    expect(due).to_have_value(yesterday.isoformat())
    expect(window.get_by_role("textbox", name="Notes")).to_have_value("Says Friday")

    amount.fill("9999")
    due.fill(tomorrow.isoformat())
    window.get_by_role("button", name="Save").click()
    expect(window.get_by_role("alert")).to_have_text(
        "The account's balance is $5,400.00; a promise cannot be for more.")
    expect(amount).to_have_accessible_description("Must be at most the balance, $5,400.00.")
    expect(due).not_to_have_attribute("aria-invalid", "true")

    window.get_by_role("radio", name="Installment plan").check()  # a plan: the reason sits by its row
    window.get_by_role("textbox", name="Installment 1 amount").fill("100")
    window.get_by_label("Installment 1 due date").fill(tomorrow.isoformat())
    window.get_by_role("button", name="Add installment").click()
    window.get_by_role("textbox", name="Installment 2 amount").fill("100")
    window.get_by_label("Installment 2 due date").fill(yesterday.isoformat())
    window.get_by_role("button", name="Save").click()
    expect(window.get_by_role("alert")).to_have_text("A promise cannot fall due in the past.")
    expect(window.get_by_label("Installment 2 due date")).to_have_accessible_description(
        f"Must be {TODAY.isoformat()} or later.")
    expect(window.get_by_label("Installment 2 due date")).to_have_value(yesterday.isoformat())

    window.get_by_role("button", name="Cancel").click()
    page.goto(f"{live_server}/accounts/{account}?tab=promises")
    expect(page.get_by_role("table", name="Promises")).to_contain_text("No promises yet.")


def test_change_and_cancel_a_promise(live_server, page, account):
    due = TODAY + timedelta(days=3)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}?tab=promises")
    page.get_by_role("region", name="Promise to Pay").get_by_role("button", name="Add Promise to Pay").click()
    window = page.get_by_role("dialog", name="Add Promise to Pay")
    window.get_by_role("textbox", name="Amount", exact=True).fill("200")
    window.get_by_label("Due date", exact=True).fill(due.isoformat())
    window.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Promise to pay $200.00")

    page.get_by_role("button", name="Change the promise of $200.00").click()
    dialog = page.get_by_role("dialog", name="Change promise")
    expect(dialog.get_by_role("textbox", name="Amount")).to_have_value("200.00")
    dialog.get_by_role("textbox", name="Amount").fill("6000")
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog.get_by_role("textbox", name="Amount")).to_have_accessible_description(
        "Must be at most the balance, $5,400.00.")
    dialog.get_by_role("textbox", name="Amount").fill("180")
    dialog.get_by_role("combobox", name="Assign follow-up to").select_option(label="Olive Other")
    dialog.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Promise changed.")
    row = page.get_by_role("table", name="Promises").get_by_role("row").filter(has_text="$180.00")
    expect(row).to_contain_text("Olive Other")

    page.get_by_role("button", name="Cancel the promise of $180.00").click()
    dialog = page.get_by_role("dialog", name="Cancel promise")
    dialog.get_by_role("textbox", name="Why is it cancelled?").fill("   ")
    dialog.get_by_role("button", name="Cancel promise").click()
    expect(dialog.get_by_role("alert")).to_have_text("Say why the promise is cancelled.")
    expect(dialog.get_by_role("textbox", name="Why is it cancelled?")).to_have_accessible_description(
        "Required when cancelling.")
    dialog.get_by_role("textbox", name="Why is it cancelled?").fill("Paid at the lot in cash")
    dialog.get_by_role("button", name="Cancel promise").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Promise cancelled.")
    expect(row).to_contain_text("cancelled")
    expect(row).to_contain_text("Paid at the lot in cash")
    expect(row.get_by_role("button")).to_have_count(0)
