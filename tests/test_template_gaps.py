"""Merge fields with no value on the account are refused, naming the field, for texts and emails
(API and console), and the preview routes answer the text the customer would get or the refusal."""
from datetime import date
from decimal import Decimal

import pytest

from desk.extensions import db
from models import Account, Activity, Email, Message, Promise
from tests.helpers import csrf_header, logged_in_client

NO_VEHICLE = "No value for vehicle on this account."
NO_PROMISE = "No value for promise_amount on this account."


@pytest.fixture
def no_vehicle(app, account):
    with app.app_context():
        db.session.get(Account, account).vehicle = None
        db.session.commit()
    return account


def template(admin_api, channel: str, body: str, subject: str = "About your account") -> int:
    fields = {"channel": channel, "name": f"T {channel} {len(body)}", "body": body}
    if channel == "email":
        fields["subject"] = subject
    answer = admin_api.post("/api/v1/templates", json=fields)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(model.id))).scalar()


def refusal(answer, field: str) -> list:
    assert answer.status_code == 422, (answer.status_code, answer.get_data(as_text=True)[:500])
    return answer.json["error"]["fields"][field]


def nothing_sent(app) -> None:
    assert count(app, Message) == 0 and count(app, Email) == 0 and count(app, Activity) == 0


def test_sms_template_without_a_value_is_refused_naming_the_field(app, api, admin_api, no_vehicle):
    tid = template(admin_api, "sms", "Hi {{ first_name }}, about your {{ vehicle }}")
    answer = api.post(f"/api/v1/accounts/{no_vehicle}/messages", json={"template_id": tid})
    assert refusal(answer, "template_id") == [NO_VEHICLE]
    nothing_sent(app)


def test_sms_custom_text_without_a_value_is_refused(app, api, no_vehicle):
    answer = api.post(f"/api/v1/accounts/{no_vehicle}/messages", json={"body": "Your {{ vehicle }} is due"})
    assert refusal(answer, "body") == [NO_VEHICLE]
    nothing_sent(app)


def test_sms_from_the_console_session_is_refused_too(app, users, no_vehicle):
    client = logged_in_client(app)
    answer = client.post(f"/api/v1/accounts/{no_vehicle}/messages", json={"body": "About {{ vehicle }}"},
                         headers=csrf_header(client))
    assert refusal(answer, "body") == [NO_VEHICLE]
    nothing_sent(app)


def test_promise_fields_need_a_pending_promise(app, api, admin_api, account, users):
    tid = template(admin_api, "sms", "You promised {{ promise_amount }} by {{ promise_due_on }}")
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"template_id": tid})
    assert refusal(answer, "template_id") == [NO_PROMISE]
    nothing_sent(app)
    with app.app_context():
        db.session.add(Promise(account_id=account, amount=Decimal("120.00"), due_on=date(2026, 12, 5),
                               status="pending"))
        db.session.commit()
    preview = api.post(f"/api/v1/accounts/{account}/messages/preview", json={"template_id": tid})
    assert preview.status_code == 200, preview.json
    assert preview.json["body"] == "You promised $120.00 by Dec 05, 2026"


def test_a_default_stands_in_for_a_missing_value(api, admin_api, no_vehicle):
    tid = template(admin_api, "sms", "About {{ vehicle|default('your car') }}")
    preview = api.post(f"/api/v1/accounts/{no_vehicle}/messages/preview", json={"template_id": tid})
    assert preview.json["body"] == "About your car"


def test_email_template_without_a_value_is_refused(app, api, admin_api, no_vehicle):
    tid = template(admin_api, "email", "Hello {{ first_name }}", subject="Your {{ vehicle }}")
    answer = api.post(f"/api/v1/accounts/{no_vehicle}/emails", json={"template_id": tid})
    assert refusal(answer, "template_id") == [NO_VEHICLE]
    nothing_sent(app)


@pytest.mark.parametrize("field", ["subject", "body"])
def test_email_custom_text_without_a_value_is_refused(app, api, no_vehicle, field):
    data = {"subject": "Hello", "body": "Please call", field: "About {{ vehicle }}"}
    answer = api.post(f"/api/v1/accounts/{no_vehicle}/emails", json=data)
    assert refusal(answer, field) == [NO_VEHICLE]
    nothing_sent(app)


def test_email_console_window_refuses_and_says_why(app, admin_api, client, auth, no_vehicle):
    tid = template(admin_api, "email", "Your {{ vehicle }} payment")
    auth.login()
    answer = client.post(f"/accounts/{no_vehicle}/emails", data={"mode": "template", "template_id": tid})
    assert answer.status_code == 422
    assert NO_VEHICLE in answer.get_data(as_text=True)
    nothing_sent(app)


def test_sms_preview_answers_the_text_and_the_refusal(app, api, admin_api, no_vehicle):
    tid = template(admin_api, "sms", "Hi {{ first_name }}, {{ amount_due }} is due")
    preview = api.post(f"/api/v1/accounts/{no_vehicle}/messages/preview", json={"template_id": tid})
    assert preview.json == {"body": "Hi Maria, $250.00 is due", "segments": 1, "encoding": "GSM-7",
                            "characters": 24, "template_language": "en", "note": "English version"}
    gap = api.post(f"/api/v1/accounts/{no_vehicle}/messages/preview", json={"body": "{{ vehicle }}"})
    assert refusal(gap, "body") == [NO_VEHICLE]
    nothing_sent(app)


def test_email_preview_answers_the_text_and_the_refusal(app, api, admin_api, account, no_vehicle):
    tid = template(admin_api, "email", "Dear {{ first_name }},\nplease call.", subject="Account {{ account_number }}")
    url = f"/api/v1/accounts/{account}/emails/preview"
    preview = api.post(url, json={"template_id": tid})
    assert preview.status_code == 200, preview.json
    assert preview.json == {"subject": "Account A-1001", "body": "Dear Maria,\nplease call.",
                            "template_language": "en", "note": "English version"}
    typed = api.post(url, json={"body": "Hi {{ first_name }}"})
    assert typed.json == {"subject": "", "body": "Hi Maria", "template_language": None, "note": None}
    assert refusal(api.post(url, json={"subject": "{{ vehicle }}"}), "subject") == [NO_VEHICLE]
    nothing_sent(app)


def test_email_preview_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    route = paths["/accounts/{account_id}/emails/preview"]["post"]
    assert {"200", "422"} <= set(route["responses"])


@pytest.mark.parametrize(("text", "words"), [
    ("Hi {{ first_name", "This template has an unclosed {{ …"),
    ("Hi {{ foo }}", "The template uses {{ foo }}, which the desk does not know."),
    ("Hi {{ first name }}", "the desk cannot read"),
])
def test_template_errors_are_in_words_a_collector_understands(api, admin_api, account, text, words):
    saved = admin_api.post("/api/v1/templates", json={"channel": "sms", "name": "Bad", "body": text})
    [reason] = refusal(saved, "body")
    assert words in reason and "expected" not in reason and "TemplateSyntaxError" not in reason
    typed = api.post(f"/api/v1/accounts/{account}/messages/preview", json={"body": text})
    [reason] = refusal(typed, "body")
    assert "expected" not in reason

