"""Keyboard shortcuts on the account page, in a real headless Chromium."""
import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser


def test_keys_open_the_quick_actions_and_question_mark_lists_them(live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    window = page.locator("dialog#send-sms")
    expect(window).to_be_hidden()

    page.keyboard.press("s")
    expect(window).to_be_visible()
    page.keyboard.press("Escape")
    expect(window).to_be_hidden()
    expect(page.locator("dialog[open]")).to_have_count(0)  # shortcuts wait while any window is open
    page.locator("main h1").click()  # the keys go to the page, as after a reader clicks it

    page.keyboard.press("?")
    help_window = page.locator("dialog#shortcut-help")
    expect(help_window).to_be_visible()
    for key, name in (("C", "Phone Call"), ("S", "Send SMS"), ("E", "Send Email"), ("A", "Add Activity"),
                      ("P", "Add Promise to Pay")):
        expect(help_window).to_contain_text(key)
        expect(help_window).to_contain_text(name)
    page.keyboard.press("Escape")
    expect(help_window).to_be_hidden()


def test_typing_s_in_a_text_field_opens_nothing(live_server, page, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.evaluate("""() => { const field = document.createElement('input');
                             field.id = 'scratch'; document.querySelector('main').prepend(field); }""")
    page.locator("#scratch").press("s")
    expect(page.locator("#scratch")).to_have_value("s")
    expect(page.locator("dialog#send-sms")).to_be_hidden()
    page.locator("#scratch").blur()
    page.keyboard.press("s")  # the same key outside the field does open it
    expect(page.locator("dialog#send-sms")).to_be_visible()
