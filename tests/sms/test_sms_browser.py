"""The Send SMS window and the live thread in a real headless Chromium."""
import re

import pytest
from playwright.sync_api import expect

from tests.helpers import MOBILE, PNG, closed_contact_hours, live_stream_open, log_in

pytestmark = pytest.mark.browser


def test_send_an_sms_and_see_the_reply_arrive_live(app, live_server, page, admin_api, account, sim):
    admin_api.post("/api/v1/templates", json={"channel": "sms", "name": "Due",
                                              "body": "Hi {{ first_name }}, {{ amount_due }} is due."})
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    expect(page.locator("#sms-activities")).to_contain_text("No texts yet.")

    page.click(".quick-actions >> text=Send SMS")
    window = page.locator("dialog#send-sms")
    expect(window).to_be_visible()
    window.locator("select[name=template_id]").select_option(label="Due")
    body = window.locator("textarea[name=body]")
    expect(body).to_have_value("Hi Maria, $250.00 is due.")
    expect(window.locator("#sms-count")).to_contain_text("1 segment · GSM-7 · 25 characters")
    body.fill("Hi Maria, $250.00 is due. Thanks 🙂")
    expect(window.locator("#sms-count")).to_contain_text("UCS-2")
    body.fill("x" * 161)
    expect(window.locator("#sms-count")).to_contain_text("2 segments · GSM-7 · 161 characters")
    body.fill("Hi Maria, $250.00 is due Friday.")
    window.locator("button[type=submit]").click()
    expect(window).to_be_hidden()

    sent = page.locator("#sms-thread li.sms-outbound").first
    expect(sent).to_contain_text("Hi Maria, $250.00 is due Friday.")
    expect(sent).to_have_attribute("data-status", "delivered", timeout=5000)
    expect(sent.locator(".tick")).to_contain_text("✓✓")

    sim.customer_sms(MOBILE, "I will pay Friday at the lot")
    reply = page.locator("#sms-thread li.sms-inbound")
    expect(reply).to_contain_text("I will pay Friday at the lot", timeout=2000)


def test_refusal_is_shown_in_the_window(app, live_server, page, account, sim):
    from desk import settings
    from desk.extensions import db

    with app.app_context():
        settings.change(closed_contact_hours())
        db.session.commit()
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Send SMS")
    window = page.locator("dialog#send-sms")
    window.locator("textarea[name=body]").fill("Hello")
    window.locator("button[type=submit]").click()
    expect(window.locator("#sms-error")).to_contain_text(re.compile("Outside contact hours"))
    expect(window).to_be_visible()


def test_a_field_refusal_sits_beside_its_field_and_the_text_stays(app, live_server, page, account, open_hours):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Send SMS")
    window = page.locator("dialog#send-sms")
    body = window.locator("textarea[name=body]")
    body.fill("   ")
    window.locator("button[type=submit]").click()
    beside = window.locator("label:has(textarea[name=body]) + .field-error")
    expect(beside).to_contain_text("Write a message")
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(body).to_have_attribute("aria-describedby", beside.get_attribute("id"))
    expect(window.locator("#sms-error")).to_be_visible()  # the summary on top
    expect(body).to_have_value("   ")
    expect(window).to_be_visible()
    body.fill("Hello again")  # a send clears the marks before it goes
    window.locator("button[type=submit]").click()
    expect(window).to_be_hidden()
    expect(window.locator(".field-error")).to_have_count(0)


def test_upload_and_text_a_picture(app, live_server, page, account, sim, tmp_path):
    picture = tmp_path / "receipt.png"
    picture.write_bytes(PNG)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Send SMS")
    window = page.locator("dialog#send-sms")
    window.locator("input[name=upload]").set_input_files(str(picture))
    expect(window.locator("#sms-files")).to_contain_text("receipt.png")
    expect(window.locator("#sms-files input[type=checkbox]")).to_be_checked()
    window.locator("textarea[name=body]").fill("Your receipt")
    window.locator("button[type=submit]").click()
    sent = page.locator("#sms-thread li.sms-outbound").first
    expect(sent).to_have_attribute("data-status", "delivered", timeout=5000)
    expect(sent.locator("img.sms-media")).to_have_count(1)
    assert len(sim.world.phone_inbox[-1]["media"]) == 1


def test_the_page_hears_a_reply_through_its_live_stream(app, live_server, page, account, sim):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    assert live_stream_open(page)  # the stream is up: polling slows to 15 s
    sim.customer_sms(MOBILE, "Pushed, not polled")
    expect(page.locator("#sms-thread li.sms-inbound")).to_contain_text("Pushed, not polled", timeout=5000)


def test_without_a_stream_the_page_polls_every_second(app, live_server, page, account, sim):
    app.config["LIVE_MAX_STREAMS"] = 0  # every stream refused, as on a server with none to spare
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    sim.customer_sms(MOBILE, "Seen by the fallback poll")
    expect(page.locator("#sms-thread li.sms-inbound")).to_contain_text("Seen by the fallback poll", timeout=5000)
    assert page.evaluate("window.deskLive.isOpen()") is False
