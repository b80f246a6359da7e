"""Click to call in headless Chromium: the simulated customer answers and hangs up, the
disposition prompt appears on the page, and recording it clears it."""
import re

import pytest
from playwright.sync_api import expect

from tests.helpers import MOBILE, log_in

pytestmark = pytest.mark.browser


def test_phone_call_prompt_and_disposition(live_server, page, account, sim):
    sim.script(MOBILE, call="answer", talk_seconds=5, ring_seconds=2)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Phone Call")
    window = page.locator("dialog#phone-call")
    expect(window).to_be_visible()
    expect(window.locator("input[value=browser]")).to_have_count(0)  # no API key: softphone off
    window.locator("select[name=to]").select_option(MOBILE)
    window.locator("button[type=submit]").click()
    expect(window.locator(".call-status")).to_contain_text("Your phone is ringing")
    window.locator("[data-close]").click()

    prompt = page.locator("#call-prompt .prompt")
    expect(prompt).to_be_visible(timeout=2000 + 3000)  # the call itself takes well under a second
    expect(prompt).to_contain_text("Maria Garcia")
    expect(prompt).to_contain_text("Suggested: Spoke to Customer")

    page.goto(f"{live_server}/worklist")  # the prompt is server state: it follows to any page
    expect(page.locator("#call-prompt .prompt")).to_be_visible(timeout=2000)
    page.click("#call-prompt >> text=Record outcome")
    activity = page.locator("dialog#add-activity")
    expect(activity).to_be_visible()
    expect(activity.locator("select[name=disposition] option:checked")).to_have_text("Spoke to Customer")
    assert activity.locator("input[name=call_id]").input_value().isdigit()
    activity.locator("textarea[name=notes]").fill("Will pay Friday")
    activity.locator("text=Save").click()

    expect(page.locator(".flash")).to_contain_text("Activity saved.")
    entry = page.locator("#activities li.activity-call").first
    expect(entry).to_contain_text("Spoke to Customer")
    expect(entry).to_contain_text("Will pay Friday")
    page.wait_for_timeout(1500)
    expect(page.locator("#call-prompt")).to_be_hidden()


def test_a_refusal_is_shown_in_the_window(app, live_server, page, account, sim):
    from desk.extensions import db
    from models import Call

    with app.app_context():
        for _ in range(7):
            db.session.add(Call(account_id=account, direction="outbound", via="phone", status="completed"))
        db.session.commit()
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Phone Call")
    window = page.locator("dialog#phone-call")
    expect(window.locator("input[name=override_reason]")).to_have_count(0)  # collectors cannot override
    window.locator("button[type=submit]").click()
    status = window.locator(".call-status.error")
    expect(status).to_contain_text("7 call attempts in the last 7 days")
    # when it lifts, in the collector's own zone (the dealer's, America/New_York), not the browser's
    expect(status).to_contain_text(re.compile(r"Next allowed: \w+ \d+, \d+:\d\d [AP]M E[SD]T your time"))
    assert not sim.world.calls
