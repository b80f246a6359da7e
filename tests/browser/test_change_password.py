"""A collector changes their password from the header link in a real headless Chromium; a second
browser logged in as them is sent back to the login page."""
import re

import pytest
from playwright.sync_api import expect

from tests.helpers import PASSWORD, log_in

pytestmark = pytest.mark.browser
NEW_PASSWORD = "a-brand-new-secret-77"


def test_change_password_ends_the_other_browser(live_server, browser, page, users):
    other = browser.new_context().new_page()
    log_in(other, live_server)
    log_in(page, live_server)
    page.click("header >> text=Change password")
    page.fill("input[name=current_password]", PASSWORD)
    page.fill("input[name=new_password]", NEW_PASSWORD)
    page.fill("input[name=confirm_password]", NEW_PASSWORD)
    page.click("#change-password button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Password changed")
    page.click("nav >> text=Accounts")
    expect(page).to_have_url(re.compile(r"/accounts$"))
    other.goto(f"{live_server}/accounts")
    expect(other).to_have_url(re.compile(r"/login"))
    other.context.close()
