"""An admin adds a user and a template, and unlocks a collector failed logins locked out, in a
real headless Chromium."""
import pytest
from playwright.sync_api import expect

from tests.helpers import log_in, try_login

pytestmark = pytest.mark.browser


def test_admin_adds_a_user(live_server, page, users):
    log_in(page, live_server, "admin@test.local")
    page.click("nav >> text=Users")
    form = page.locator("#new-user")
    form.locator("input[name=name]").fill("Nia Newhire")
    form.locator("input[name=email]").fill("nia@test.local")
    form.locator("select[name=role]").select_option("collector")
    form.locator("input[name=phone]").fill("(512) 555-0100")
    form.locator("input[name=password]").fill("first-day-pass")
    form.locator("text=Add user").click()
    expect(page.locator(".flash")).to_contain_text("User nia@test.local created.")
    row = page.locator("tr", has=page.locator("text=nia@test.local"))
    expect(row.locator("input[name=phone]")).to_have_value("+15125550100")



def test_admin_unlocks_a_collector_failed_logins_locked_out(app, live_server, page, users):
    for _ in range(10):  # from the collector's own desk: the admin's browser is at another address
        assert try_login(app.test_client(), address="10.0.0.7").status_code == 401
    log_in(page, live_server, "admin@test.local")
    page.get_by_role("link", name="Users").click()
    locked = page.get_by_role("region", name="Locked out")
    expect(locked).to_contain_text("Cole Collector (cole@test.local) cannot sign in until")
    locked.get_by_role("button", name="Unlock Cole Collector").click()
    expect(page.locator(".flash")).to_contain_text("Cole Collector can sign in again.")
    expect(page.get_by_role("region", name="Locked out")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "cole@test.local")


def test_admin_adds_a_template_and_unknown_field_is_refused(live_server, page, users):
    log_in(page, live_server, "admin@test.local")
    page.click("nav >> text=Templates")
    form = page.locator("#template-form")
    form.locator("select[name=channel]").select_option("sms")
    form.locator("input[name=name]").fill("Friendly nudge")
    form.locator("textarea[name=body]").fill("Hi {{ first_nmae }}, {{ amount_due }} is due.")
    form.locator("text=Save template").click()
    expect(page.locator(".flash-error")).to_contain_text(
        "The template uses {{ first_nmae }}, which the desk does not know.")
    form = page.locator("#template-form")
    form.locator("input[name=name]").fill("Friendly nudge")
    form.locator("textarea[name=body]").fill("Hi {{ first_name }}, {{ amount_due }} is due {{ due_on }}.")
    form.locator("text=Save template").click()
    expect(page.locator(".flash")).to_contain_text("Template Friendly nudge saved.")
    expect(page.locator("table.grid")).to_contain_text("Friendly nudge")
