"""The console on a phone, 390 px wide: no page scrolls sideways, the navigation is behind a Menu
button that opens it, and a screenshot of an account page is kept in test-artifacts/."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("path", ["/worklist", "/accounts", "/accounts/{account}", "/admin/templates"])
def test_no_page_scrolls_sideways_at_390px(live_server, phone, account, path):
    log_in(phone, live_server, "admin@test.local" if path.startswith("/admin") else "cole@test.local")
    phone.goto(live_server + path.format(account=account))
    expect(phone.locator("main")).to_be_visible()
    assert fits(phone), phone.evaluate("document.documentElement.scrollWidth")


def test_the_menu_opens_the_navigation(live_server, phone, account):
    log_in(phone, live_server)
    menu = phone.locator(".topbar .menu-toggle")
    accounts_link = phone.locator("#site-nav >> text=Accounts")
    expect(accounts_link).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    accounts_link.click()
    expect(phone).to_have_url(f"{live_server}/accounts")
    assert fits(phone)


def test_account_page_windows_fit_and_screenshot(live_server, phone, account):
    log_in(phone, live_server)
    phone.goto(f"{live_server}/accounts/{account}")
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "account-390.png"), full_page=True)
    phone.click(".quick-actions >> text=Send SMS")
    window = phone.locator("dialog#send-sms")
    expect(window).to_be_visible()
    box = window.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert fits(phone)


@pytest.mark.parametrize("path", ["/worklist", "/dashboard", "/admin/users"])
def test_an_admins_header_fits_a_laptop_screen(live_server, browser, users, path):
    """An admin's header holds every link, presence and the softphone: it wraps, never scrolls."""
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, live_server, "admin@test.local")
    page.goto(live_server + path)
    expect(page.locator("main")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()
