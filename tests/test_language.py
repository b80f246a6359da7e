"""Customers who speak Spanish: the account's language, template versions per language and the
fallback to English, the import's language column, reminders and the opt-out page in Spanish."""
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from desk import settings
from desk.collections.promises import add_promise
from desk.collections.reminders import send_due_reminders
from desk.compliance.email_optout import optout_url
from desk.extensions import db
from desk.formatting import day_in
from models import Account, Activity, Email, EmailAddress, MessageTemplate
from tests.helpers import run_import, write_csv

SMS_EN = {"channel": "sms", "name": "Due", "body": "Hi {{ first_name }}, {{ amount_due }} is due."}
SMS_ES = {**SMS_EN, "language": "es", "body": "Hola {{ first_name }}, su pago de {{ amount_due }} está pendiente."}
EMAIL_EN = {"channel": "email", "name": "Notice", "subject": "Account {{ account_number }}",
            "body": "Dear {{ first_name }}, please call us."}
EMAIL_ES = {**EMAIL_EN, "language": "es", "subject": "Cuenta {{ account_number }}",
            "body": "Estimada {{ first_name }}, por favor llámenos."}


def speaks(app, account_id: int, language: str) -> None:
    with app.app_context():
        db.session.get(Account, account_id).language = language
        db.session.commit()


@pytest.fixture
def spanish(app, account):
    speaks(app, account, "es")
    return account


# The account's language

def test_accounts_speak_english_until_changed(api, account):
    assert api.get(f"/api/v1/accounts/{account}").json["language"] == "en"
    made = api.post("/api/v1/accounts", json={"number": "S-1", "first_name": "José", "last_name": "Núñez",
                                              "language": "es"})
    assert made.status_code == 201 and made.json["language"] == "es"


def test_patching_the_language_is_on_the_timeline(app, api, account):
    answer = api.patch(f"/api/v1/accounts/{account}", json={"language": "es"})
    assert answer.status_code == 200 and answer.json["language"] == "es"
    with app.app_context():
        notes = db.session.execute(select(Activity.notes).where(Activity.account_id == account)).scalars().all()
    assert "Cole Collector set the customer's language to Spanish." in notes


@pytest.mark.parametrize("value", ["fr", "Spanish", "ES", "", None, 1])
def test_another_language_is_refused_naming_the_field(app, api, account, value):
    answer = api.patch(f"/api/v1/accounts/{account}", json={"language": value})
    assert answer.status_code == 422
    assert "language" in answer.json["error"]["fields"]
    with app.app_context():
        assert db.session.get(Account, account).language == "en"


def test_the_account_page_changes_the_language(app, client, auth, account):
    auth.login()
    page = client.get(f"/accounts/{account}?tab=details").get_data(as_text=True)
    assert 'aria-label="Preferred language"' in page and "Save language" in page
    assert "Speaks Spanish" not in page
    answer = client.post(f"/accounts/{account}/language", data={"language": "es"})
    assert answer.status_code == 302
    with app.app_context():
        assert db.session.get(Account, account).language == "es"
    page = client.get(f"/accounts/{account}?tab=details").get_data(as_text=True)
    assert '<option value="es" selected>Spanish</option>' in page
    assert "Speaks Spanish</span>" in page  # in the page's head, whatever the tab
    refused = client.post(f"/accounts/{account}/language", data={"language": "de"}, follow_redirects=True)
    assert "language: Must be en (English) or es (Spanish)." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Account, account).language == "es"


# Template versions

def test_versions_share_channel_and_name_and_are_unique_per_language(admin_api):
    english = admin_api.post("/api/v1/templates", json=SMS_EN)
    assert english.status_code == 201 and english.json["language"] == "en"
    spanish = admin_api.post("/api/v1/templates", json=SMS_ES)
    assert spanish.status_code == 201 and spanish.json["language"] == "es"
    again = admin_api.post("/api/v1/templates", json={**SMS_ES, "body": "Otra vez"})
    assert again.status_code == 409 and set(again.json["error"]["fields"]) == {"name", "language"}
    assert admin_api.post("/api/v1/templates", json={**SMS_EN, "body": "Again"}).status_code == 409
    assert admin_api.post("/api/v1/templates", json={**EMAIL_EN, "name": "Due"}).status_code == 201  # other channel
    wrong = admin_api.post("/api/v1/templates", json={**SMS_EN, "name": "Other", "language": "fr"})
    assert wrong.status_code == 422 and "language" in wrong.json["error"]["fields"]
    listed = [(t["channel"], t["name"], t["language"]) for t in admin_api.get("/api/v1/templates").json["items"]]
    assert listed == [("email", "Due", "en"), ("sms", "Due", "en"), ("sms", "Due", "es")]


def test_the_database_refuses_a_second_version_in_one_language(app, admin_api):
    from sqlalchemy.exc import IntegrityError

    admin_api.post("/api/v1/templates", json=SMS_ES)
    with app.app_context():
        db.session.add(MessageTemplate(channel="sms", name="Due", language="es", body="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


@pytest.mark.parametrize("sent_id", ["en", "es"])
def test_a_spanish_customer_gets_the_spanish_version_whichever_id_is_sent(app, api, admin_api, spanish, sent_id):
    ids = {"en": admin_api.post("/api/v1/templates", json=SMS_EN).json["id"],
           "es": admin_api.post("/api/v1/templates", json=SMS_ES).json["id"]}
    preview = api.post(f"/api/v1/accounts/{spanish}/messages/preview", json={"template_id": ids[sent_id]}).json
    assert preview["body"] == "Hola Maria, su pago de $250.00 está pendiente."
    assert (preview["template_language"], preview["note"]) == ("es", "Spanish version")
    assert (preview["segments"], preview["encoding"]) == (1, "UCS-2")  # á is not GSM-7


def test_an_english_customer_gets_the_english_version_of_a_spanish_id(api, admin_api, account):
    admin_api.post("/api/v1/templates", json=SMS_EN)
    spanish_id = admin_api.post("/api/v1/templates", json=SMS_ES).json["id"]
    preview = api.post(f"/api/v1/accounts/{account}/messages/preview", json={"template_id": spanish_id}).json
    assert preview["body"] == "Hi Maria, $250.00 is due."
    assert (preview["template_language"], preview["note"]) == ("en", "English version")


def test_no_spanish_version_falls_back_to_english_and_says_so(app, api, admin_api, spanish, sim):
    template = admin_api.post("/api/v1/templates", json=SMS_EN).json
    sent = api.post(f"/api/v1/accounts/{spanish}/messages", json={"template_id": template["id"]})
    assert sent.status_code == 202, sent.json
    assert sent.json["body"] == "Hi Maria, $250.00 is due."
    assert (sent.json["template_language"], sent.json["note"]) == ("en", "No Spanish version: sent in English")


def test_dates_are_written_in_the_language_of_the_version(api, admin_api, spanish):
    english = admin_api.post("/api/v1/templates", json={**SMS_EN, "body": "Due {{ due_on }}."}).json
    url = f"/api/v1/accounts/{spanish}/messages/preview"
    assert api.post(url, json={"template_id": english["id"]}).json["body"] == "Due Nov 01, 2026."  # no Spanish yet
    admin_api.post("/api/v1/templates", json={**SMS_ES, "body": "Vence el {{ due_on }}."})
    assert api.post(url, json={"template_id": english["id"]}).json["body"] == "Vence el 1 de noviembre de 2026."


@pytest.mark.parametrize("day, words", [(date(2026, 12, 15), "15 de diciembre de 2026"),
                                        (date(2027, 1, 1), "1 de enero de 2027")])
def test_a_day_in_spanish(day, words):
    assert day_in(day, "es") == words
    assert day_in(day, "en") == day.strftime("%b %d, %Y")


def test_custom_text_names_no_version(api, spanish):
    preview = api.post(f"/api/v1/accounts/{spanish}/messages/preview", json={"body": "¡Hola!"}).json
    assert preview["template_language"] is None and preview["note"] is None


def test_an_email_template_is_sent_in_spanish_with_a_spanish_footer(app, api, admin_api, spanish):
    english_id = admin_api.post("/api/v1/templates", json=EMAIL_EN).json["id"]
    admin_api.post("/api/v1/templates", json=EMAIL_ES)
    preview = api.post(f"/api/v1/accounts/{spanish}/emails/preview", json={"template_id": english_id}).json
    assert preview == {"subject": "Cuenta A-1001", "body": "Estimada Maria, por favor llámenos.",
                       "template_language": "es", "note": "Spanish version"}
    sent = api.post(f"/api/v1/accounts/{spanish}/emails", json={"template_id": english_id})
    assert sent.status_code == 202
    assert (sent.json["template_language"], sent.json["note"]) == ("es", "Spanish version")
    with app.app_context():
        email = db.session.get(Email, sent.json["id"])
        assert email.subject == "Cuenta A-1001"
        assert "Para dejar de recibir estos correos, abra: " in email.text_body
        assert "Dejar de recibir estos correos</a>" in email.html_body


def test_an_email_template_without_a_spanish_version_is_sent_in_english(api, admin_api, spanish):
    template = admin_api.post("/api/v1/templates", json=EMAIL_EN).json
    sent = api.post(f"/api/v1/accounts/{spanish}/emails", json={"template_id": template["id"]})
    assert sent.status_code == 202
    assert sent.json["note"] == "No Spanish version: sent in English"


def test_the_send_email_window_says_which_version_was_sent(app, client, auth, admin_api, spanish):
    template = admin_api.post("/api/v1/templates", json=EMAIL_EN).json
    auth.login()
    answer = client.post(f"/accounts/{spanish}/emails", data={"mode": "template", "template_id": template["id"],
                                                              "to": "maria@example.com"}, follow_redirects=True)
    assert "Email to maria@example.com queued (No Spanish version: sent in English)." in answer.get_data(as_text=True)
    admin_api.post("/api/v1/templates", json=EMAIL_ES)
    answer = client.post(f"/accounts/{spanish}/emails", data={"mode": "template", "template_id": template["id"],
                                                              "to": "maria@example.com"}, follow_redirects=True)
    assert "queued (Spanish version)." in answer.get_data(as_text=True)
    with app.app_context():
        subjects = db.session.execute(select(Email.subject).order_by(Email.id)).scalars().all()
    assert subjects == ["Account A-1001", "Cuenta A-1001"]


def test_the_pickers_list_each_template_once(client, auth, admin_api, account):
    admin_api.post("/api/v1/templates", json=SMS_EN)
    admin_api.post("/api/v1/templates", json=SMS_ES)
    auth.login()
    page = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert page.count(">Due</option>") == 1


# The admin Templates page

def test_an_admin_adds_and_edits_the_spanish_version(app, client, auth, admin_api):
    english = admin_api.post("/api/v1/templates", json=SMS_EN).json
    auth.login("admin@test.local")
    page = client.get("/admin/templates").get_data(as_text=True)
    assert "Add Spanish version</a>" in page
    form = client.get(f"/admin/templates?version_of={english['id']}&language=es").get_data(as_text=True)
    assert "Add the Spanish version of Due" in form and '<option value="es" selected>Spanish</option>' in form
    saved = client.post("/admin/templates", data={**SMS_ES, "name": "Due"}, follow_redirects=True)
    assert "Template Due saved. Version: Spanish." in saved.get_data(as_text=True)
    assert "Add Spanish version</a>" not in saved.get_data(as_text=True)
    with app.app_context():
        spanish = db.session.execute(select(MessageTemplate).where(MessageTemplate.language == "es")).scalar_one()
        spanish_id = spanish.id
    client.post(f"/admin/templates/{spanish_id}", data={**SMS_ES, "body": "Hola {{ first_name }}."})
    twice = client.post("/admin/templates", data=SMS_ES)
    assert twice.status_code == 422 and "already has a version in this language" in twice.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MessageTemplate, spanish_id).body == "Hola {{ first_name }}."


def test_renaming_a_version_moves_its_other_versions(app, admin_api, client, auth):
    english = admin_api.post("/api/v1/templates", json=SMS_EN).json
    admin_api.post("/api/v1/templates", json=SMS_ES)
    auth.login("admin@test.local")
    assert client.post(f"/admin/templates/{english['id']}", data={**SMS_EN, "name": "Past due"}).status_code == 302
    with app.app_context():
        names = db.session.execute(select(MessageTemplate.name, MessageTemplate.language)).all()
    assert sorted(names) == [("Past due", "en"), ("Past due", "es")]


# The import's language column

def test_the_import_reads_the_language_column(runner, app, tmp_path):
    path = write_csv(tmp_path, "Account #,First Name,Last Name,Language\n"
                               "L-1,José,Núñez,Español\nL-2,Ana,Peña,spanish\nL-3,Kim,Park,English\n"
                               "L-4,Lee,Park,\nL-5,Rosa,Ortiz,ES\n")
    result = run_import(runner, "accounts", path)
    assert result.exit_code == 0, result.output
    with app.app_context():
        languages = dict(db.session.execute(select(Account.number, Account.language)).all())
    assert languages == {"L-1": "es", "L-2": "es", "L-3": "en", "L-4": "en", "L-5": "es"}


def test_the_import_refuses_another_language_naming_the_column(runner, app, tmp_path):
    path = write_csv(tmp_path, "Account #,First Name,Last Name,Preferred Language\n"
                               "L-1,José,Núñez,Español\nL-2,Jean,Dupont,French\n")
    result = run_import(runner, "accounts", path)
    assert result.exit_code == 1
    assert "line 3, Preferred Language: 'French' is not a language the desk speaks" in result.output
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in result.output


def test_a_blank_language_cell_keeps_what_is_stored(runner, app, tmp_path):
    header = "Account #,First Name,Last Name,Language\n"
    run_import(runner, "accounts", write_csv(tmp_path, header + "L-1,José,Núñez,es\n"))
    run_import(runner, "accounts", write_csv(tmp_path, header + "L-1,José,Núñez,\n", name="again.csv"))
    with app.app_context():
        assert db.session.execute(select(Account.language)).scalar_one() == "es"


# Reminders in Spanish

DUE = date.today() + timedelta(days=10)


def at(day: date, hour_utc: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour_utc, tzinfo=UTC)


@pytest.fixture
def promise(app, spanish):
    with app.app_context():
        settings.change({"reminder_channel": "email", "reminder_days_before": 2, "reminder_template": ""})
        made = add_promise(db.session.get(Account, spanish), {"amount": Decimal("150.00"), "due_on": DUE}, None)
        db.session.commit()
        return made.id


def reminder_email(app) -> Email:
    with app.app_context():
        assert send_due_reminders(at(DUE - timedelta(days=2), 16)) == 1
        [email] = db.session.execute(select(Email)).scalars().all()
        db.session.expunge(email)
        return email


def test_the_built_in_reminder_is_in_spanish(app, promise):
    email = reminder_email(app)
    assert email.subject == "Recordatorio de pago de la cuenta A-1001"
    assert email.text_body.startswith(
        f"Hola Maria, le recordamos que su pago prometido de $150.00 vence el {day_in(DUE, 'es')}. ¡Gracias!")


def test_a_named_reminder_template_is_sent_in_its_spanish_version(app, admin_api, promise):
    reminder = {"channel": "email", "name": "Promise reminder", "subject": "Due {{ promise_due_on }}",
                "body": "{{ first_name }}, {{ promise_amount }} please."}
    admin_api.post("/api/v1/templates", json=reminder)
    admin_api.post("/api/v1/templates", json={**reminder, "language": "es", "subject": "Vence {{ promise_due_on }}",
                                              "body": "{{ first_name }}, {{ promise_amount }} por favor."})
    with app.app_context():
        settings.change({"reminder_template": "Promise reminder"})
        db.session.commit()
    email = reminder_email(app)
    assert email.subject == f"Vence {day_in(DUE, 'es')}" and email.text_body.startswith("Maria, $150.00 por favor.")


def test_an_sms_reminder_uses_the_spanish_version(app, admin_api, promise, sim):
    from models import Message

    english = admin_api.post("/api/v1/templates", json={"channel": "sms", "name": "Promesa",
                                                        "body": "Pay {{ promise_amount }}"}).json
    admin_api.post("/api/v1/templates", json={"channel": "sms", "name": "Promesa", "language": "es",
                                              "body": "Pague {{ promise_amount }}, por favor."})
    with app.app_context():
        settings.change({"reminder_channel": "sms", "reminder_template": str(english["id"])})
        db.session.commit()
        assert send_due_reminders(at(DUE - timedelta(days=2), 16)) == 1
        assert db.session.execute(select(Message.body)).scalar_one() == "Pague $150.00, por favor."


def test_the_built_in_sms_reminder_is_in_spanish(app, promise, sim):
    from models import Message

    with app.app_context():
        settings.change({"reminder_channel": "sms"})
        db.session.commit()
        assert send_due_reminders(at(DUE - timedelta(days=2), 16)) == 1
        body = db.session.execute(select(Message.body)).scalar_one()
    assert body.startswith("Hola Maria, le recordamos que su pago prometido de $150.00")


# The email opt-out page

def opt_out_link(app) -> str:
    with app.app_context(), app.test_request_context():
        return optout_url(db.session.execute(select(EmailAddress)).scalar_one()).split("localhost", 1)[-1]


def test_the_opt_out_page_is_in_spanish_for_a_spanish_customer(app, client, spanish):
    path = opt_out_link(app)
    page = client.get(path).get_data(as_text=True)
    assert '<html lang="es">' in page and "¿Dejar de recibir estos correos?" in page
    assert "Dejaremos de enviar correos a <strong>maria@example.com</strong>" in page
    assert ">Darme de baja</button>" in page and "Unsubscribe" not in page
    done = client.post(path).get_data(as_text=True)
    assert "Ya no recibirá estos correos" in done
    with app.app_context():
        assert db.session.execute(select(EmailAddress)).scalar_one().opt_out


def test_the_opt_out_page_stays_english_for_an_english_customer(app, client, account):
    page = client.get(opt_out_link(app)).get_data(as_text=True)
    assert '<html lang="en">' in page and "Stop these emails?" in page and ">Unsubscribe</button>" in page
