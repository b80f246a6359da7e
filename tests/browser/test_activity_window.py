"""Add Activity continuing into Add Promise to Pay, and a refused promise, in headless Chromium."""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser

DUE = (date.today() + timedelta(days=5)).isoformat()


def test_promise_to_pay_call_continues_into_a_linked_promise(live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.get_by_role("region", name="Quick actions").get_by_role("button", name="Add Activity").click()
    activity = page.get_by_role("dialog", name="Add Activity")
    activity.get_by_role("combobox", name="Type").select_option(label="Call")
    activity.get_by_role("combobox", name="Disposition").select_option(label="Promise to Pay")
    activity.get_by_role("textbox", name="Notes").fill("Will pay on the 5th")
    activity.get_by_role("button", name="Save").click()

    promise = page.get_by_role("dialog", name="Add Promise to Pay")
    expect(promise).to_be_visible()
    expect(promise.get_by_text(re.compile(r"For the call of .*\(Promise to Pay\)"))).to_be_visible()
    promise.get_by_role("textbox", name="Amount").fill("250.00")
    promise.get_by_label("Due date").fill(DUE)
    promise.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"tab=promises"))
    row = page.get_by_role("table", name="Promises").get_by_role("row").filter(has_text="$250.00")
    expect(row.locator(".linked-activity")).to_have_text(re.compile(r"From the call of .*\(Promise to Pay\)"))
    page.goto(f"{live_server}/accounts/{account}?type=call")
    expect(page.locator("#activities .timeline").get_by_text("Will pay on the 5th")).to_be_visible()


def test_refused_promise_keeps_the_window_and_what_was_typed(live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.get_by_role("region", name="Quick actions").get_by_role("button", name="Add Promise to Pay").click()
    promise = page.get_by_role("dialog", name="Add Promise to Pay")
    amount = promise.get_by_role("textbox", name="Amount")
    amount.fill("0")
    promise.get_by_label("Due date").fill(DUE)
    promise.get_by_role("textbox", name="Notes").fill("Asked for a week")
    promise.get_by_role("button", name="Save").click()

    expect(amount).to_have_attribute("aria-invalid", "true")
    reason = page.locator(f"#{amount.get_attribute('aria-describedby')}")
    expect(reason).to_have_text(re.compile(r"greater than 0"))
    expect(promise.get_by_role("alert")).to_contain_text("invalid fields")
    expect(promise).to_be_visible()
    expect(amount).to_have_value("0")
    expect(promise.get_by_label("Due date")).to_have_value(DUE)
    expect(promise.get_by_role("textbox", name="Notes")).to_have_value("Asked for a week")
