"""The Collections tab in a real headless Chromium."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser


def test_add_activity_through_the_window_and_filter(live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts")
    page.fill("input[name=q]", "Garcia")
    page.click("text=Search")
    page.click("text=A-1001")
    expect(page.locator("h1")).to_contain_text("Maria Garcia")

    page.click(".quick-actions >> text=Add Activity")
    window = page.locator("dialog#add-activity")
    expect(window).to_be_visible()
    window.locator("select[name=type]").select_option(label="Note")
    window.locator("select[name=disposition]").select_option(label="Left Message")
    window.locator("textarea[name=notes]").fill("Left a voicemail about the November payment")
    window.locator("select[name=assigned_to]").select_option(label="Olive Other")
    window.locator("input[name=follow_up_on]").fill("2026-12-01")
    window.locator("text=Save").click()

    expect(page.locator(".flash")).to_contain_text("Activity saved.")
    page.click("[data-filter=note]")
    entry = page.locator("#activities li.activity").first
    expect(entry).to_contain_text("Left Message")
    expect(entry).to_contain_text("Left a voicemail about the November payment")
    expect(entry).to_contain_text("assigned to Olive Other")
    page.click("[data-filter=call]")
    expect(page.locator("#activities")).not_to_contain_text("Left a voicemail")


def test_add_promise_and_review_in_promise_tab(live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Add Promise to Pay")
    window = page.locator("dialog#add-promise")
    window.locator("input[name=amount]").fill("250.00")
    window.locator("input[name=due_on]").fill((date.today() + timedelta(days=3)).isoformat())
    window.locator("textarea[name=notes]").fill("Will pay at the lot")
    window.locator("text=Save").click()
    expect(page.locator(".flash")).to_contain_text("Promise to pay $250.00")
    page.click(".tabs >> text=Promise to Pay")
    row = page.locator("#promise-history tbody tr").first
    expect(row).to_contain_text("$250.00")
    expect(row).to_contain_text("pending")


def test_quick_actions_in_their_order(live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    buttons = page.get_by_role("region", name="Quick actions").get_by_role("button")
    order = ["Phone Call", "Send SMS", "Send Email", "Add Activity", "Add Promise to Pay"]
    expect(buttons).to_have_count(len(order))
    for index, name in enumerate(order):
        expect(buttons.nth(index)).to_have_accessible_name(name)
