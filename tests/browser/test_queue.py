"""The work queue in a real headless Chromium: Work my queue opens the most urgent account,
Skip asks for a reason and opens the next; refused channels say so beside their buttons."""
import re

import pytest
from playwright.sync_api import expect

from desk import settings
from desk.extensions import db
from tests.helpers import closed_contact_hours, log_in

pytestmark = pytest.mark.browser


def post_account(api, number, last_name, assigned_to, days_past_due):
    answer = api.post("/api/v1/accounts", json={
        "number": number, "first_name": "Pat", "last_name": last_name, "assigned_to": assigned_to,
        "days_past_due": days_past_due, "phones": [{"number": "+12145550131", "label": "mobile"}],
        "address": {"line1": "1 Elm St", "city": "Dallas", "state": "TX", "zip": "75201"}})
    assert answer.status_code == 201
    return answer.json["id"]


def test_work_the_queue_skip_one_with_a_reason_and_get_the_next(admin_api, live_server, page, api, users, open_hours):
    first = post_account(admin_api, "QB-1", "Urgent", users["collector"], 60)
    second = post_account(admin_api, "QB-2", "Later", users["collector"], 5)
    log_in(page, live_server)
    page.get_by_role("button", name="Work my queue").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{first}\?queue=1$"))
    expect(page.locator("h1")).to_contain_text("Pat Urgent")
    call = page.get_by_role("button", name="Phone Call", exact=True)
    expect(call).to_be_focused()  # ready to call: Enter opens the Phone Call window
    page.keyboard.press("Enter")
    expect(page.locator("dialog#phone-call")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("dialog#phone-call")).to_be_hidden()

    bar = page.get_by_role("region", name="Work queue")
    bar.get_by_role("button", name="Next account").click()  # not worked yet: it stays mine
    expect(bar.locator(".queue-message")).to_contain_text("still yours")

    bar.get_by_role("button", name="Skip").click()
    window = page.locator("dialog#queue-skip")
    expect(window).to_be_visible()
    window.get_by_label("Reason").fill("Customer is in hospital")
    window.get_by_role("button", name="Skip").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{second}\?queue=1$"))
    expect(page.locator("#activities")).to_be_visible()
    expect(page.get_by_role("button", name="Phone Call", exact=True)).to_be_focused()

    page.goto(f"{live_server}/accounts/{first}")
    expect(page.locator("#activities")).to_contain_text("skipped the account in the queue: Customer is in hospital")

    page.goto(f"{live_server}/accounts/{second}?queue=1")
    page.get_by_role("region", name="Work queue").get_by_role("button", name="Skip").click()
    page.locator("dialog#queue-skip").get_by_label("Reason").fill("Wrong numbers only")
    page.locator("dialog#queue-skip").get_by_role("button", name="Skip").click()
    expect(page.get_by_role("region", name="Work queue").locator(".queue-message")).to_contain_text(
        "Your queue is empty")


def test_refused_channels_say_so_before_their_buttons_are_pressed(app, live_server, page, account):
    with app.app_context():
        settings.change(closed_contact_hours())
        db.session.commit()
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    call = page.get_by_role("button", name="Phone Call", exact=True)
    expect(call).to_have_attribute("aria-describedby", "refused-call")
    expect(page.locator("#refused-call")).to_contain_text("Outside contact hours")
    expect(page.get_by_role("button", name="Send SMS", exact=True)).to_have_attribute("aria-describedby", "refused-sms")
    expect(page.get_by_role("button", name="Send Email", exact=True)).not_to_have_attribute("aria-describedby",
                                                                                          re.compile(".*"))
    contact = page.get_by_role("region", name="Contact now")
    expect(contact).to_contain_text("Customer's time")
    expect(contact.locator("[data-channel=email]")).to_contain_text("allowed now")
    expect(contact.locator("[data-channel=call]")).to_contain_text("allowed from")


def test_the_n_key_on_the_worklist_works_the_queue(admin_api, live_server, page, api, users, open_hours):
    first = post_account(admin_api, "QK-1", "Keyboard", users["collector"], 30)
    log_in(page, live_server)
    page.goto(f"{live_server}/worklist")  # loaded, with its scripts, before the key is pressed
    page.locator("main h1").click()
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(rf"/accounts/{first}\?queue=1$"))
    expect(page.locator("h1")).to_contain_text("Pat Keyboard")


def _save_a_note(page, notes):
    page.get_by_role("button", name="Add Activity", exact=True).click()
    window = page.locator("dialog#add-activity")
    window.get_by_label("Type").select_option("note")
    window.get_by_label("Notes").fill(notes)
    window.get_by_role("button", name="Save").click()


def test_add_activity_on_a_queue_account_offers_the_next_one(admin_api, live_server, page, api, users, open_hours):
    first = post_account(admin_api, "QA-1", "Worked", users["collector"], 40)
    second = post_account(admin_api, "QA-2", "Waiting", users["collector"], 4)
    log_in(page, live_server)
    page.get_by_role("button", name="Work my queue").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{first}\?queue=1$"))
    _save_a_note(page, "Talked it through")
    expect(page).to_have_url(re.compile(rf"/accounts/{first}\?queue=1$"))  # worked=1 is taken off
    page.get_by_role("region", name="Work queue").get_by_role("button", name="Next account").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{second}\?queue=1$"))


def test_add_activity_with_auto_next_opens_the_next_account(admin_api, live_server, page, api, users, open_hours):
    api.patch("/api/v1/me", json={"auto_next": True})
    first = post_account(admin_api, "QN-1", "Worked", users["collector"], 40)
    second = post_account(admin_api, "QN-2", "Waiting", users["collector"], 4)
    log_in(page, live_server)
    page.get_by_role("button", name="Work my queue").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{first}\?queue=1$"))
    _save_a_note(page, "Talked it through")
    expect(page).to_have_url(re.compile(rf"/accounts/{second}\?queue=1$"))
    expect(page.locator("h1")).to_contain_text("Pat Waiting")


def _press_on_page(page, key):
    """A shortcut pressed once the page has loaded (its scripts answer keys) and nothing is focused."""
    page.wait_for_load_state("load")
    page.keyboard.press(key)


def _tab_to(page, name, limit=15):
    """Tab through the open window until the button called `name` has the focus."""
    for _ in range(limit):
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {name!r}")


def _record_outcome_by_keys(page, notes):
    _press_on_page(page, "a")  # Add Activity
    window = page.locator("dialog#add-activity")
    expect(window).to_be_visible()
    expect(window.get_by_label("Type")).to_be_focused()
    page.keyboard.press("Tab")  # Disposition
    page.keyboard.type("Left")  # a select picks the option its letters start
    expect(window.get_by_label("Disposition")).to_have_value(re.compile(r"\d+"))
    page.keyboard.press("Tab")
    page.keyboard.type(notes)
    _tab_to(page, "Save")
    page.keyboard.press("Enter")


def test_a_collector_works_three_accounts_by_keyboard_alone(admin_api, live_server, page, api, users, open_hours):
    numbers = {post_account(admin_api, f"QKB-{n}", name, users["collector"], days): name
               for n, (name, days) in enumerate((("First", 90), ("Second", 60), ("Third", 30)), 1)}
    log_in(page, live_server)
    page.locator("main h1").click()  # the keys go to the page, as after a reader clicks it
    opened = []
    _press_on_page(page, "n")  # Work my queue
    for _ in range(3):
        before = opened[-1] if opened else 0  # wait for a new account, not the one just worked
        expect(page).to_have_url(re.compile(rf"/accounts/(?!{before}\?)\d+\?queue=1$"))
        account_id = int(re.search(r"/accounts/(\d+)", page.url).group(1))
        opened.append(account_id)
        _record_outcome_by_keys(page, f"Worked {numbers[account_id]} by keyboard")
        expect(page.locator(".flash-ok")).to_contain_text("Activity saved.")
        expect(page).to_have_url(re.compile(rf"/accounts/{account_id}\?queue=1$"))
        expect(page.locator("#activities")).to_contain_text(f"Worked {numbers[account_id]} by keyboard")
        _press_on_page(page, "n")  # Next account
    assert [numbers[i] for i in opened] == ["First", "Second", "Third"]
    expect(page.get_by_role("region", name="Work queue").locator(".queue-message")).to_contain_text(
        "Your queue is empty")


def test_the_queue_bar_lists_its_keys(admin_api, live_server, page, api, users, open_hours):
    first = post_account(admin_api, "QH-1", "Help", users["collector"], 30)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{first}?queue=1")
    _press_on_page(page, "?")
    listed = page.locator("dialog#shortcut-help")
    expect(listed).to_contain_text("NNext account")
    expect(listed).to_contain_text("KSkip")
    page.keyboard.press("Escape")
    _press_on_page(page, "k")
    expect(page.locator("dialog#queue-skip")).to_be_visible()
