"""The Send SMS and Send Email windows preview the text the customer will get, and say before
Send why a template cannot be sent to this account."""
import pytest
from playwright.sync_api import expect

from desk.extensions import db
from models import Account, Activity, Email, Message, MessageTemplate
from tests.helpers import open_quick_action

pytestmark = pytest.mark.browser


def add_template(app, channel: str, name: str, body: str, subject: str | None = None) -> int:
    with app.app_context():
        template = MessageTemplate(channel=channel, name=name, body=body, subject=subject, active=True)
        db.session.add(template)
        db.session.commit()
        return template.id


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(model.id))).scalar()


@pytest.fixture
def no_vehicle(app, account):
    with app.app_context():
        db.session.get(Account, account).vehicle = None
        db.session.commit()
    return account


def test_choosing_an_sms_template_previews_the_customers_text(app, live_server, page, no_vehicle):
    add_template(app, "sms", "Hello", "Hi {{ first_name }}, {{ amount_due }} is due.")
    window = open_quick_action(page, live_server, no_vehicle, "Send SMS", "send-sms")
    window.locator("select[name=template_id]").select_option(label="Hello")
    expect(window.locator("#sms-preview-text")).to_have_text("Hi Maria, $250.00 is due.")
    expect(window.locator("#sms-count")).to_contain_text("1 segment")
    expect(window.locator("#sms-refusal")).to_be_hidden()
    window.locator("textarea[name=body]").fill("Dear {{ first_name }} {{ last_name }}")
    expect(window.locator("#sms-preview-text")).to_have_text("Dear Maria Garcia")


def test_an_sms_template_with_a_missing_value_is_refused_before_send(app, live_server, page, no_vehicle):
    add_template(app, "sms", "Car", "Hi {{ first_name }}, about your {{ vehicle }}.")
    window = open_quick_action(page, live_server, no_vehicle, "Send SMS", "send-sms")
    window.locator("select[name=template_id]").select_option(label="Car")
    expect(window.locator("#sms-refusal")).to_have_text("Cannot send: No value for vehicle on this account.")
    send = window.locator("button[type=submit]")
    expect(send).to_be_disabled()
    window.locator("form").evaluate("form => form.requestSubmit()")
    expect(window).to_be_visible()
    assert count(app, Message) == 0 and count(app, Activity) == 0


def test_the_email_window_previews_and_refuses(app, live_server, page, no_vehicle):
    add_template(app, "email", "Statement", "Dear {{ first_name }},\nyour balance is {{ balance }}.",
                 subject="Account {{ account_number }}")
    add_template(app, "email", "Car", "About your {{ vehicle }}", subject="Your car")
    window = open_quick_action(page, live_server, no_vehicle, "Send Email", "send-email")
    window.locator("textarea[name=body]").fill("Hi {{ first_name }}")
    expect(window.locator("#email-preview-text")).to_have_text("Hi Maria")
    window.locator("input[value=template]").check()
    window.locator("select[name=template_id]").select_option(label="Statement")
    expect(window.locator("#email-preview-subject")).to_have_text("Account A-1001")
    expect(window.locator("#email-preview-text")).to_have_text("Dear Maria,\nyour balance is $5,400.00.")
    window.locator("select[name=template_id]").select_option(label="Car")
    expect(window.locator("#email-refusal")).to_have_text("Cannot send: No value for vehicle on this account.")
    expect(window.locator("button[type=submit]")).to_be_disabled()
    assert count(app, Email) == 0
