"""An admin adds a user and a template in a real headless Chromium."""
import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

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
