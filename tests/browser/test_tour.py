"""A tour of the Collections tab in headless Chromium, with a screenshot of every step under
test-artifacts/: each quick-action button opens its window, the history filters show one kind,
and an SMS from a template goes out with an attachment and shows in the conversation."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers import PNG, log_in

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
WINDOWS = [("Phone Call", "phone-call"), ("Send SMS", "send-sms"), ("Send Email", "send-email"),
           ("Add Activity", "add-activity"), ("Add Promise to Pay", "add-promise")]


def step(page, request, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"), full_page=True)


def test_every_quick_action_and_every_filter(live_server, page, api, account, request):
    for kind, notes in (("call", "Called, no answer"), ("sms", "Texted the payoff"), ("email", "Emailed a statement")):
        response = api.post(f"/api/v1/accounts/{account}/activities", json={"type": kind, "notes": notes})
        assert response.status_code == 201
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    step(page, request, "1-collections-tab")

    for label, dialog in WINDOWS:
        page.click(f".quick-actions >> text={label}")
        window = page.locator(f"dialog#{dialog}")
        expect(window).to_be_visible()
        step(page, request, f"2-{dialog}")
        page.keyboard.press("Escape")
        expect(window).to_be_hidden()

    history = page.locator("#activities li.activity")
    for kind, notes in (("call", "Called, no answer"), ("sms", "Texted the payoff"), ("email", "Emailed a statement")):
        page.click(f"[data-filter={kind}]")
        expect(page.locator(f"[data-filter={kind}]")).to_have_class("active")
        expect(history.first).to_contain_text(notes)
        for n in range(history.count()):
            expect(history.nth(n)).to_have_attribute("data-type", kind)
        step(page, request, f"3-filter-{kind}")


def test_sms_from_a_template_with_an_attachment(live_server, page, admin_api, account, sim, tmp_path, request):
    admin_api.post("/api/v1/templates", json={"channel": "sms", "name": "Receipt",
                                              "body": "Hi {{ first_name }}, your receipt is attached."})
    picture = tmp_path / "receipt.png"
    picture.write_bytes(PNG)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Send SMS")
    window = page.locator("dialog#send-sms")
    window.locator("select[name=template_id]").select_option(label="Receipt")
    expect(window.locator("textarea[name=body]")).to_have_value("Hi Maria, your receipt is attached.")
    window.locator("input[name=upload]").set_input_files(str(picture))
    expect(window.locator("#sms-files")).to_contain_text("receipt.png")
    step(page, request, "1-window")
    window.locator("button[type=submit]").click()
    expect(window).to_be_hidden()

    sent = page.locator("#sms-thread li.sms-outbound").first
    expect(sent).to_contain_text("Hi Maria, your receipt is attached.")
    expect(sent).to_have_attribute("data-status", "delivered", timeout=5000)
    expect(sent.locator("img.sms-media")).to_have_count(1)
    step(page, request, "2-conversation")
    assert sim.world.phone_inbox[-1]["body"] == "Hi Maria, your receipt is attached."
    assert len(sim.world.phone_inbox[-1]["media"]) == 1
