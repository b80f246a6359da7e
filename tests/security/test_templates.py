"""Templates cannot run code: typed text only fills merge fields, admin templates only merge
fields and a few filters, everything is capped, and every refusal is a 422 naming the field."""
import pytest

from desk.extensions import db
from models import Email, Message, MessageTemplate

LOOP = "{% for i in range(20000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
MULTIPLY = "{{ 'A' * 20000000 }}"
PAYLOADS = [LOOP, MULTIPLY, "{{ ''.__class__ }}", "{{ first_name.__class__ }}", "{{ range(10) }}"]


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(model.id))).scalar()


def stored_template(app, **fields) -> int:
    """A template written straight to the database, as one saved before the rules existed."""
    with app.app_context():
        template = MessageTemplate(channel=fields.pop("channel", "email"), name=fields.pop("name", "Old"), **fields)
        db.session.add(template)
        db.session.commit()
        return template.id


def refused(answer, field: str) -> None:
    assert answer.status_code == 422, (answer.status_code, answer.json)
    assert field in answer.json["error"]["fields"], answer.json


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_text_evaluates_nothing(app, api, account, payload):
    refused(api.post(f"/api/v1/accounts/{account}/messages", json={"body": payload}), "body")
    refused(api.post(f"/api/v1/accounts/{account}/messages/preview", json={"body": payload}), "body")
    refused(api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": payload}), "body")
    refused(api.post(f"/api/v1/accounts/{account}/emails", json={"subject": payload, "body": "x"}), "subject")
    assert count(app, Message) == 0 and count(app, Email) == 0


def test_typed_text_fills_known_merge_fields_only(app, api, account):
    preview = api.post(f"/api/v1/accounts/{account}/messages/preview",
                       json={"body": "Hi {{first_name}}, {{  vehicle }} }} {not a field}"})
    assert preview.status_code == 200, preview.json
    assert preview.json["body"] == "Hi Maria, 2016 Chevrolet Malibu }} {not a field}"
    unknown = api.post(f"/api/v1/accounts/{account}/messages/preview", json={"body": "Hi {{ secret }}"})
    refused(unknown, "body")
    assert "secret" in unknown.json["error"]["fields"]["body"][0]


@pytest.mark.parametrize("payload", PAYLOADS + [
    "{% for i in [1, 2] %}{{ first_name }}{% endfor %}",
    "{% set x = first_name %}{{ x }}",
    "{{ first_name ~ last_name }}",
    "{{ first_name|truncate(99999) }}",
    "{{ first_name|default(last_name) }}",
    "{{ first_name|format('x') }}",
])
def test_admin_templates_refuse_anything_but_fields_and_filters(app, admin_api, payload):
    answer = admin_api.post("/api/v1/templates", json={"channel": "sms", "name": "Bad", "body": payload})
    refused(answer, "body")
    html = admin_api.post("/api/v1/templates", json={
        "channel": "email", "name": "Bad", "subject": "Hi", "body": "x", "html_body": payload})
    refused(html, "html_body")
    assert count(app, MessageTemplate) == 0


def test_admin_templates_keep_the_allowed_filters(api, admin_api, account):
    body = ("{{ first_name|upper }} {{ last_name|lower }} {{ vehicle|title|truncate(9, true, '') }} "
            "{{ collector_name|trim|capitalize }} {{ promise_amount|default('none') }}")
    saved = admin_api.post("/api/v1/templates", json={"channel": "sms", "name": "Filters", "body": body})
    assert saved.status_code == 201, saved.json
    preview = api.post(f"/api/v1/accounts/{account}/messages/preview", json={"template_id": saved.json["id"]})
    assert preview.json["body"] == "MARIA garcia 2016 Chev Cole collector none"


@pytest.mark.parametrize("payload", [
    "{% for i in [1, 2, 3] %}{{ first_name }}{% endfor %}", MULTIPLY, "{{ ''.__class__ }}", "{{ range(10) }}",
])
def test_a_template_stored_before_the_rules_is_refused_when_sent(app, api, account, payload):
    sms = stored_template(app, channel="sms", body=payload)
    email = stored_template(app, channel="email", subject="Hi", body="x", html_body=payload)
    refused(api.post(f"/api/v1/accounts/{account}/messages", json={"template_id": sms}), "template_id")
    refused(api.post(f"/api/v1/accounts/{account}/emails", json={"template_id": email}), "template_id")
    assert count(app, Message) == 0 and count(app, Email) == 0


def test_rendered_output_is_capped(app, api, admin_api, account):
    text = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "{{vehicle}}" * 145})
    refused(text, "body")
    assert "1600" in text.json["error"]["fields"]["body"][0]
    template = admin_api.post("/api/v1/templates", json={
        "channel": "email", "name": "Huge", "subject": "Hi", "body": "x", "html_body": "{{vehicle}}" * 9000})
    assert template.status_code == 201, template.json
    email = api.post(f"/api/v1/accounts/{account}/emails", json={"template_id": template.json["id"]})
    refused(email, "template_id")
    assert "100 KB" in email.json["error"]["fields"]["template_id"][0]
    assert count(app, Message) == 0 and count(app, Email) == 0


def test_console_forms_refuse_with_the_field_named(app, client, auth, users, account):
    auth.login()
    answer = client.post(f"/accounts/{account}/emails", data={
        "mode": "custom", "subject": "Hi", "body": "{{ ''.__class__ }}"}, headers={"Referer": f"/accounts/{account}"})
    assert answer.status_code == 422
    page = answer.data.decode()
    assert "body: Only merge fields" in page and 'id="send-email"' in page and "data-open-on-load" in page
    assert count(app, Email) == 0
    auth.logout()
    auth.login("admin@test.local")
    saved = client.post("/admin/templates", data={"channel": "sms", "name": "Loop", "body": LOOP},
                        headers={"Referer": "/admin/templates"})
    page = saved.data.decode()
    assert saved.status_code == 422 and "body: Templates may hold only merge fields" in page
    assert 'value="Loop"' in page and "range(20000)" in page
    assert count(app, MessageTemplate) == 0
