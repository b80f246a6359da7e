"""In headless Chromium with the Twilio simulator: the Phone Call window turns into the call's
outcome form when the call ends, saving it records the disposition and offers the work queue's
next account; a prompt dismissed with a reason; a voicemail drop offered only for a phone
with consent to prerecorded messages; and a number the customer asked not to be called on,
recorded on the Details tab, marked and not offered."""
import re

import pytest
from playwright.sync_api import expect

from desk.extensions import db
from models import Activity, Call, ConsentEvent
from tests.helpers import (
    COLLECTOR_PHONE,
    HOME,
    MOBILE,
    OUR_NUMBER,
    give_prerecorded_consent,
    load_call,
    log_in,
    more_accounts,
    settle,
    wait_for,
    wired_simulator,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def sim(app, live_server, open_hours):
    with wired_simulator(app, live_server, from_number=OUR_NUMBER) as simulator:
        simulator.script(COLLECTOR_PHONE, call="answer", talk_seconds=300, ring_seconds=2)
        yield simulator


@pytest.fixture
def next_in_queue(app, admin_api, users):
    """A second account of the collector's, for the queue to hand out next."""
    other = more_accounts(app, 1)[0]
    answer = admin_api.post("/api/v1/accounts/assign", json={"account_ids": [other], "assigned_to": users["collector"]})
    assert answer.status_code == 200, answer.json
    return other


def call_from_the_window(page, live_server, account):
    page.goto(f"{live_server}/accounts/{account}?queue=1")
    page.click(".quick-actions >> text=Phone Call")
    window = page.locator("dialog#phone-call")
    window.locator("select[name=to]").select_option(MOBILE)
    window.locator("button[type=submit]").click()
    return window


def save_outcome(window, notes):
    expect(window.locator("form.call-outcome-form")).to_be_visible(timeout=10000)
    expect(window.locator("select[name=disposition] option:checked")).to_have_text("No Answer")
    window.locator("textarea[name=notes]").fill(notes)
    window.locator("form.call-outcome-form [type=submit]").click()


def recorded_call(app, account):
    with app.app_context():
        activity = db.session.execute(
            db.select(Activity).where(Activity.account_id == account, Activity.call_id.is_not(None))).scalar_one()
        return activity.call_id, activity.disposition.name, activity.notes


def test_the_window_becomes_the_outcome_form_and_offers_the_next_account(
        app, live_server, page, account, sim, next_in_queue):
    sim.script(MOBILE, call="no-answer", ring_seconds=2)
    log_in(page, live_server)
    window = call_from_the_window(page, live_server, account)
    save_outcome(window, "Rang out")

    expect(window).to_contain_text("Outcome saved")
    call_id, disposition, notes = recorded_call(app, account)
    assert (disposition, notes) == ("No Answer", "Rang out")
    assert load_call(app, call_id).prompt_pending is False
    assert page.url.endswith(f"/accounts/{account}?queue=1")  # nothing moves on by itself

    window.locator("text=Next account").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{next_in_queue}\?queue=1$"))


def test_auto_next_opens_the_next_account_once_the_outcome_is_saved(
        app, api, live_server, page, account, sim, next_in_queue):
    assert api.patch("/api/v1/me", json={"auto_next": True}).status_code == 200
    sim.script(MOBILE, call="no-answer", ring_seconds=2)
    log_in(page, live_server)
    window = call_from_the_window(page, live_server, account)
    save_outcome(window, "No pickup")
    expect(page).to_have_url(re.compile(rf"/accounts/{next_in_queue}\?queue=1$"))
    assert recorded_call(app, account)[1:] == ("No Answer", "No pickup")


def test_several_prompts_are_listed_and_one_is_dismissed_with_a_reason(app, api, live_server, page, account, sim):
    other = more_accounts(app, 1)[0]
    sim.script(MOBILE, call="no-answer", ring_seconds=2)
    sim.script("+12145550001", call="no-answer", ring_seconds=2)
    first = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", "to": MOBILE}).json["id"]
    settle(sim)
    api.post(f"/api/v1/accounts/{other}/calls", json={"via": "phone", "to": "+12145550001"})
    settle(sim)

    log_in(page, live_server)
    prompts = page.locator("#call-prompt .prompt")
    expect(prompts).to_have_count(2, timeout=5000)
    expect(page.locator("#call-prompt")).to_contain_text("2 calls await their outcome.")
    expect(prompts.nth(0)).to_contain_text("A-1001 Maria Garcia")
    expect(prompts.nth(1)).to_contain_text("B-1 Customer1 Lopez")

    mine = prompts.nth(0)
    mine.locator("[data-dismiss-prompt]").click()
    mine.locator("select[name=choice]").select_option("Other")
    mine.locator("text=Dismiss call").click()
    expect(mine.locator(".field-error")).to_be_visible()  # an empty reason is refused, naming it
    mine.locator("input[name=reason]").fill("Customer's son answered, called back later")
    mine.locator("text=Dismiss call").click()

    expect(prompts).to_have_count(1)
    expect(prompts.nth(0)).to_contain_text("B-1 Customer1 Lopez")
    call = load_call(app, first)
    assert call.prompt_pending is False and call.prompt_dismiss_reason == "Customer's son answered, called back later"
    page.goto(f"{live_server}/accounts/{account}")
    expect(page.locator("#activities")).to_contain_text("dismissed the outcome prompt of this call")


def test_a_prompts_outcome_on_a_queue_account_offers_the_next_account(
        app, api, live_server, page, account, sim, next_in_queue):
    sim.script(MOBILE, call="no-answer", ring_seconds=2)
    assert api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", "to": MOBILE}).status_code == 201
    settle(sim)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}?queue=1")
    page.click("#call-prompt >> text=Record outcome")
    window = page.locator("dialog#phone-call")
    save_outcome(window, "Voicemail full")
    expect(window).to_contain_text("Outcome saved")
    assert recorded_call(app, account)[1:] == ("No Answer", "Voicemail full")
    window.locator("text=Next account").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{next_in_queue}\?queue=1$"))


def test_the_prompt_area_folds_to_one_line_and_stays_folded_across_pages(app, api, live_server, page, account, sim):
    sim.script(MOBILE, call="no-answer", ring_seconds=2)
    assert api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", "to": MOBILE}).status_code == 201
    settle(sim)
    log_in(page, live_server)
    area = page.get_by_role("complementary", name="Calls awaiting their outcome")
    prompt = area.locator(".prompt")
    toggle = area.get_by_role("button", name="Hide")
    expect(prompt).to_be_visible(timeout=5000)
    expect(area).to_contain_text("1 call awaits its outcome.")
    expect(toggle).to_have_attribute("aria-expanded", "true")

    toggle.click()
    shown = area.get_by_role("button", name="Show")
    expect(shown).to_have_attribute("aria-expanded", "false")
    expect(prompt).to_be_hidden()
    expect(area).to_contain_text("1 call awaits its outcome.")  # the one line stays

    page.goto(f"{live_server}/accounts/{account}")  # another page: still folded
    expect(area.get_by_role("button", name="Show")).to_have_attribute("aria-expanded", "false")
    expect(prompt).to_be_hidden()

    area.get_by_role("button", name="Show").click()
    expect(prompt).to_be_visible()
    page.reload()
    expect(area.get_by_role("button", name="Hide")).to_have_attribute("aria-expanded", "true")
    expect(prompt).to_be_visible()


def test_the_window_offers_a_voicemail_drop_only_for_a_phone_with_consent(app, live_server, page, account, sim):
    give_prerecorded_consent(app, account, HOME)
    sim.script(HOME, call="voicemail", talk_seconds=20)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Phone Call")
    window = page.locator("dialog#phone-call")
    drop = window.get_by_label("Voicemail to leave when a machine answers")
    why = window.locator("#voicemail-drop-why")
    number = window.locator("select[name=to]")
    number.select_option(MOBILE)
    expect(drop).to_be_disabled()
    expect(why).to_be_visible()
    expect(why).to_contain_text("has not consented to prerecorded messages")
    number.select_option(HOME)
    expect(drop).to_be_enabled()
    expect(why).to_be_hidden()
    drop.fill("Please call Acme Auto back.")
    window.locator("button[type=submit]").click()
    def dropped():
        with app.app_context():
            return db.session.execute(db.select(Call.voicemail_dropped, Call.voicemail_drop, Call.to_number)).first()

    assert wait_for(lambda: dropped() is not None and dropped()[0], timeout=20)
    settle(sim)
    assert tuple(dropped()) == (True, "Please call Acme Auto back.", HOME)


def test_stop_calling_on_the_details_tab_marks_the_number_in_the_phone_call_window(app, live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}?tab=details")
    form = page.locator("form.consent-form", has=page.get_by_role("button", name="Stop calling (214) 555-0101"))
    form.get_by_label("How they asked").select_option(label="in person")
    form.get_by_label("Their words (optional)").fill("Do not call my cell again.")
    form.get_by_role("button", name="Stop calling (214) 555-0101").click()
    expect(page.locator("ul[aria-label='Requests to stop calling'] li").first).to_contain_text("asked not to be called")
    with app.app_context():
        event = db.session.execute(db.select(ConsentEvent).where(ConsentEvent.channel == "call")).scalar_one()
        assert (event.action, event.how, event.phone_number, event.words) == (
            "opt_out", "in_person", MOBILE, "Do not call my cell again.")

    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Phone Call")
    number = page.locator("dialog#phone-call select[name=to]")
    marked = number.locator(f"option[value='{MOBILE}']")
    expect(marked).to_be_disabled()
    expect(marked).to_contain_text("asked not to be called")
    expect(number).to_have_value(HOME)  # the window starts on a number it may call
