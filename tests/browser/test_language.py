"""The Send SMS and Send Email windows say which language version of a template the customer
gets, and count Spanish texts' segments as the server does."""
import pytest
from playwright.sync_api import expect

from desk.extensions import db
from models import Account, MessageTemplate
from tests.helpers import open_quick_action

pytestmark = pytest.mark.browser

DUE_EN = "Hi {{ first_name }}, {{ amount_due }} is due."
DUE_ES = "Hola {{ first_name }}, su pago de {{ amount_due }} está pendiente."


def add_version(app, channel: str, language: str, body: str, subject: str | None = None) -> None:
    with app.app_context():
        db.session.add(MessageTemplate(channel=channel, name="Due", language=language, body=body, subject=subject))
        db.session.commit()


@pytest.fixture
def spanish(app, account):
    with app.app_context():
        db.session.get(Account, account).language = "es"
        db.session.commit()
    return account


def test_the_sms_window_shows_the_spanish_version(app, live_server, page, spanish):
    add_version(app, "sms", "en", DUE_EN)
    add_version(app, "sms", "es", DUE_ES)
    window = open_quick_action(page, live_server, spanish, "Send SMS", "send-sms")
    expect(window.locator("select[name=template_id] option")).to_have_count(2)  # custom text + "Due" once
    window.get_by_label("Template").select_option(label="Due")
    expect(window.get_by_role("status", name="Language version")).to_have_text("Spanish version")
    expect(window.locator("#sms-preview-text")).to_have_text("Hola Maria, su pago de $250.00 está pendiente.")
    expect(window.get_by_label("Message")).to_have_value("Hola Maria, su pago de $250.00 está pendiente.")
    expect(window.locator("#sms-count")).to_have_text("1 segment · UCS-2 · 46 characters")
    window.get_by_label("Message").fill("¡Hola Maria! ¿Mañana puede pagar?")  # her own words now
    expect(window.locator("#sms-count")).to_have_text("1 segment · GSM-7 · 33 characters")
    expect(window.get_by_role("status", name="Language version")).to_have_count(0)


def test_the_sms_window_says_when_there_is_no_spanish_version(app, live_server, page, spanish):
    add_version(app, "sms", "en", DUE_EN)
    window = open_quick_action(page, live_server, spanish, "Send SMS", "send-sms")
    window.get_by_label("Template").select_option(label="Due")
    expect(window.get_by_role("status", name="Language version")).to_have_text(
        "No Spanish version: sent in English")
    expect(window.locator("#sms-preview-text")).to_have_text("Hi Maria, $250.00 is due.")


def test_the_sms_counter_agrees_with_the_server_on_spanish_texts(app, live_server, page, spanish):
    from desk.sms.segments import segments

    window = open_quick_action(page, live_server, spanish, "Send SMS", "send-sms")
    for text in ("Señor Nuñez: " + "a" * 147, "Señor Núñez: " + "a" * 147, "¿Cuándo puede pagar?"):
        window.get_by_label("Message").fill(text)
        count, encoding = segments(text)
        expect(window.locator("#sms-count")).to_have_text(
            f"{count} segment{'' if count == 1 else 's'} · {encoding} · {len(text)} characters")


def test_the_email_window_shows_the_version(app, live_server, page, spanish):
    add_version(app, "email", "en", "Dear {{ first_name }}.", subject="Account {{ account_number }}")
    add_version(app, "email", "es", "Estimada {{ first_name }}.", subject="Cuenta {{ account_number }}")
    window = open_quick_action(page, live_server, spanish, "Send Email", "send-email")
    window.get_by_label("Use a template").check()
    expect(window.get_by_role("status", name="Language version")).to_have_text("Spanish version")
    expect(window.locator("#email-preview-subject")).to_have_text("Cuenta A-1001")
    window.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Email to maria@example.com queued (Spanish version).")).to_be_visible()
