"""The Send Email window in a real headless Chromium: write, attach, send, see it on the timeline."""
import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n% statement\n" + bytes(range(256)) * 8


def test_send_email_from_the_window_and_find_it_under_the_email_filter(live_server, page, account, inbox,
                                                                        tmp_path):
    statement = tmp_path / "statement.pdf"
    statement.write_bytes(PDF)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Send Email")
    window = page.locator("dialog#send-email")
    expect(window).to_be_visible()
    expect(window.locator("select[name=template_id]")).to_be_hidden()
    window.locator("select[name=to]").select_option("maria@example.com")
    window.locator("input[name=subject]").fill("About your {{ vehicle }}")
    window.locator("textarea[name=body]").fill("Hi {{ first_name }}, your statement is attached.")
    window.locator("input[name=file]").set_input_files(str(statement))
    window.locator("button[type=submit]").click()

    expect(page.locator(".flash")).to_contain_text("Email to maria@example.com queued.")
    page.click("[data-filter=email]")
    entry = page.locator("#activities li.activity").first
    expect(entry).to_contain_text("Email to maria@example.com: About your 2016 Chevrolet Malibu")
    expect(entry).to_contain_text("statement.pdf")

    [received] = inbox.messages
    [attachment] = [p for p in received["message"].walk() if p.get_filename() == "statement.pdf"]
    assert attachment.get_content() == PDF


def test_a_refused_email_keeps_the_window_open_with_the_reason(live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Send Email")
    window = page.locator("dialog#send-email")
    window.locator("input[name=subject]").fill("About your car")
    window.locator("textarea[name=body]").fill("Hi {{ first_name.__class__ }}")
    expect(window.locator("#email-refusal")).to_contain_text("Cannot send: Only merge fields")
    expect(window.locator("button[type=submit]")).to_be_disabled()
    expect(window).to_be_visible()
    expect(window.locator("textarea[name=body]")).to_have_value("Hi {{ first_name.__class__ }}")
    expect(window.locator("input[name=subject]")).to_have_value("About your car")
