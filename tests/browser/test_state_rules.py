"""In headless Chromium: a collector opens the Phone Call window on a Massachusetts account that
already had 2 calls or texts this week and is told why it may not be called, naming the state's rule."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from desk.extensions import db
from models import Call, utcnow
from tests.helpers import MA_HOME, MA_MOBILE, called, log_in, massachusetts_account, texted

pytestmark = pytest.mark.browser
RULE = "Massachusetts (940 CMR 7.04(1)(f))"


@pytest.fixture
def contacted_this_week(app, users, open_hours):
    """A Massachusetts customer with only personal numbers, called and texted in the last days."""
    boston = massachusetts_account(app, users["collector"], phones=(MA_MOBILE, MA_HOME))
    with app.app_context():
        called(boston, MA_MOBILE, utcnow() - timedelta(days=2))
        texted(boston, MA_HOME, utcnow() - timedelta(days=1))
        db.session.commit()
    return boston


def test_the_phone_call_window_shows_the_massachusetts_refusal(app, live_server, page, contacted_this_week):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{contacted_this_week}")
    contact = page.get_by_role("region", name="Contact now")
    expect(contact.locator("li[data-channel=call]")).to_contain_text(f"not now ({RULE}: 2 calls or texts in 7 days")
    expect(contact.locator("li[data-channel=sms]")).to_contain_text(RULE)

    page.get_by_role("region", name="Quick actions").get_by_role("button", name="Phone Call").click()
    window = page.locator("dialog#phone-call")
    window.locator("select[name=to]").select_option(MA_MOBILE)
    window.get_by_role("button", name="Call", exact=True).click()
    status = window.get_by_role("status")
    expect(status).to_contain_text(f"{RULE}: 2 calls or texts in 7 days to personal numbers; next allowed")
    expect(window).to_be_visible()  # the window stays open, the choices as they were
    expect(window.locator("select[name=to]")).to_have_value(MA_MOBILE)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Call.id))).scalar() == 1  # only last week's call


def test_the_send_sms_window_says_why_beside_the_number(app, live_server, page, contacted_this_week):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{contacted_this_week}")
    page.get_by_role("region", name="Quick actions").get_by_role("button", name="Send SMS").click()
    window = page.locator("dialog#send-sms")
    window.locator("select[name=to]").select_option(MA_HOME)
    window.locator("textarea[name=body]").fill("Your payment is due")
    window.get_by_role("button", name="Send", exact=True).click()
    expect(window.locator(".form-error")).to_contain_text(RULE)
    number = window.locator("select[name=to]")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_accessible_description(re.compile("is a personal number: Massachusetts allows 2"))
    expect(window).to_be_visible()
    expect(window.locator("textarea[name=body]")).to_have_value("Your payment is due")
