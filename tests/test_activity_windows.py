"""The Add Activity window's types, Promise to Pay continuing into Add Promise to Pay (the
promise linked to its activity), and console windows that keep what was typed when refused."""
from datetime import date, timedelta

import pytest

from desk.extensions import db

DUE = (date.today() + timedelta(days=7)).isoformat()


def _disposition_id(api, name: str) -> int:
    return next(d["id"] for d in api.get("/api/v1/dispositions").json["items"] if d["name"] == name)


def _other_account(app) -> int:
    from decimal import Decimal

    from desk.accounts.records import create_account

    with app.app_context():
        made = create_account({"number": "B-2002", "first_name": "Ben", "last_name": "Other",
                               "balance": Decimal("900.00"), "amount_due": Decimal("100.00"),
                               "due_on": date(2026, 11, 1), "days_past_due": 3, "status": "delinquent"})
        db.session.commit()
        return made.id


@pytest.mark.parametrize("kind", ["call", "note", "visit"])
def test_api_records_each_type_and_filters_by_it(api, account, kind):
    made = api.post(f"/api/v1/accounts/{account}/activities", json={"type": kind, "notes": f"a {kind}"})
    assert made.status_code == 201, made.json
    assert made.json["type"] == kind
    listed = api.get(f"/api/v1/accounts/{account}/activities?type={kind}").json["items"]
    assert [a["notes"] for a in listed] == [f"a {kind}"]


def test_console_window_offers_the_three_types(client, auth, account):
    auth.login()
    page = client.get(f"/accounts/{account}").data.decode()
    window = page[page.index('id="add-activity"'):page.index("</dialog>", page.index('id="add-activity"'))]
    assert '<select name="type" required' in window
    for value, label in (("call", "Call"), ("note", "Note"), ("visit", "Visit")):
        assert f'value="{value}"' in window and f">{label}</option>" in window
    assert 'data-filter="visit"' in page and ">Visits</a>" in page


def test_hand_logged_disposition_is_a_call_under_the_calls_filter(client, auth, api, account):
    auth.login()
    answered = client.post(f"/accounts/{account}/activities", data={
        "type": "call", "disposition": str(_disposition_id(api, "Left Message")), "notes": "Left VM"})
    assert answered.status_code == 302
    calls = client.get(f"/accounts/{account}?type=call").data.decode()
    assert "Left VM" in calls and "Left Message" in calls
    assert "Left VM" not in client.get(f"/accounts/{account}?type=note").data.decode()
    visit = client.post(f"/accounts/{account}/activities", data={"type": "visit", "notes": "Drove by"})
    assert visit.status_code == 302
    assert "Drove by" in client.get(f"/accounts/{account}?type=visit").data.decode()
    assert "Drove by" not in client.get(f"/accounts/{account}?type=call").data.decode()


def test_promise_to_pay_disposition_opens_the_promise_window_linked(client, auth, api, account):
    auth.login()
    answered = client.post(f"/accounts/{account}/activities", data={
        "type": "call", "disposition": str(_disposition_id(api, "Promise to Pay")), "notes": "Will pay Friday"})
    assert answered.status_code == 302 and "promise_for=" in answered.location
    activity_id = api.get(f"/api/v1/accounts/{account}/activities?type=call").json["items"][0]["id"]
    page = client.get(answered.location).data.decode()
    window = page[page.index('<dialog id="add-promise"'):]
    assert window.index("data-open-on-load") < window.index(">")
    assert f'name="activity_id" value="{activity_id}"' in window
    saved = client.post(f"/accounts/{account}/promises", data={
        "amount": "200.00", "due_on": DUE, "activity_id": str(activity_id)})
    assert saved.status_code == 302
    promise = api.get(f"/api/v1/accounts/{account}/promises").json["items"][0]
    assert promise["activity_id"] == activity_id
    assert f'data-activity-id="{activity_id}"' in client.get(f"/accounts/{account}?tab=promises").data.decode()


def test_other_dispositions_do_not_open_the_promise_window(client, auth, api, account):
    auth.login()
    answered = client.post(f"/accounts/{account}/activities", data={
        "type": "call", "disposition": str(_disposition_id(api, "No Answer"))})
    assert answered.status_code == 302 and "promise_for" not in answered.location


def test_api_promise_linked_to_its_activity(api, account):
    activity = api.post(f"/api/v1/accounts/{account}/activities", json={
        "type": "call", "disposition": "Promise to Pay"}).json
    made = api.post(f"/api/v1/accounts/{account}/promises", json={
        "amount": "150.00", "due_on": DUE, "activity_id": activity["id"]})
    assert made.status_code == 201, made.json
    assert made.json["activity_id"] == activity["id"]
    plan = api.post(f"/api/v1/accounts/{account}/promises", json={
        "installments": [{"amount": "50.00", "due_on": DUE}], "activity_id": activity["id"]})
    assert plan.status_code == 201 and plan.json["items"][0]["activity_id"] == activity["id"]
    plain = api.post(f"/api/v1/accounts/{account}/promises", json={"amount": "10.00", "due_on": DUE})
    assert plain.json["activity_id"] is None


@pytest.mark.parametrize("extra", [{"amount": "150.00", "due_on": DUE},
                                   {"installments": [{"amount": "5.00", "due_on": DUE}]}])
def test_activity_of_another_account_is_422(app, api, account, extra):
    elsewhere = _other_account(app)
    foreign = api.post(f"/api/v1/accounts/{elsewhere}/activities", json={"type": "note", "notes": "x"}).json["id"]
    for activity_id in (foreign, 999999):
        answered = api.post(f"/api/v1/accounts/{account}/promises", json={**extra, "activity_id": activity_id})
        assert answered.status_code == 422, answered.json
        assert "activity_id" in answered.json["error"]["fields"]
    assert api.get(f"/api/v1/accounts/{account}/promises").json["items"] == []


def test_console_promise_with_foreign_activity_keeps_values(app, client, auth, api, account):
    elsewhere = _other_account(app)
    foreign = api.post(f"/api/v1/accounts/{elsewhere}/activities", json={"type": "note", "notes": "x"}).json["id"]
    auth.login()
    answered = client.post(f"/accounts/{account}/promises", data={
        "amount": "120.00", "due_on": DUE, "activity_id": str(foreign)})
    assert answered.status_code == 422
    page = answered.data.decode()
    assert 'id="add-promise-activity_id-error">Not an activity on this account.' in page
    assert 'value="120.00"' in page
    assert api.get(f"/api/v1/accounts/{account}/promises").json["items"] == []


def test_refused_add_activity_keeps_what_was_typed(client, auth, api, account, users):
    auth.login()
    answered = client.post(f"/accounts/{account}/activities", data={
        "type": "visit", "disposition": str(_disposition_id(api, "Busy")), "notes": "Gate was locked",
        "assigned_to": str(users["other"]), "follow_up_on": "next week"})
    assert answered.status_code == 422
    page = answered.data.decode()
    window = page[page.index('<dialog id="add-activity"'):]
    window = window[:window.index("</dialog>")]
    assert window.index("data-open-on-load") < window.index(">")
    assert '<option value="visit" selected>' in window
    assert f'<option value="{users["other"]}" selected>' in window
    assert "Gate was locked</textarea>" in window and 'value="next week"' in window
    assert 'aria-invalid="true" aria-describedby="add-activity-follow_up_on-error"' in window
    assert 'id="add-activity-follow_up_on-error">Not a valid date.' in window
    assert 'class="form-error" role="alert"' in window
    assert api.get(f"/api/v1/accounts/{account}/activities").json["items"] == []


def test_refused_add_activity_type_is_named(client, auth, account):
    auth.login()
    answered = client.post(f"/accounts/{account}/activities", data={"type": "payment", "notes": "x"})
    assert answered.status_code == 422
    assert 'id="add-activity-type-error"' in answered.data.decode()


@pytest.mark.parametrize("typed, field", [
    ({"amount": "0", "due_on": DUE, "notes": "Half now"}, "amount"),
    ({"amount": "75.00", "due_on": "2001-01-01", "notes": "Half now"}, "due_on"),
])
def test_refused_add_promise_keeps_what_was_typed(client, auth, api, account, typed, field):
    auth.login()
    answered = client.post(f"/accounts/{account}/promises", data=typed)
    assert answered.status_code == 422
    page = answered.data.decode()
    window = page[page.index('<dialog id="add-promise"'):]
    window = window[:window.index("</dialog>")]
    assert window.index("data-open-on-load") < window.index(">")
    assert f'value="{typed["amount"]}"' in window and f'value="{typed["due_on"]}"' in window
    assert "Half now</textarea>" in window
    assert f'aria-invalid="true" aria-describedby="add-promise-{field}-error"' in window
    assert f'id="add-promise-{field}-error">' in window
    assert api.get(f"/api/v1/accounts/{account}/promises").json["items"] == []


@pytest.mark.parametrize("name, reason", [("Busy", "Already in use."), ("x" * 200, "")])
def test_refused_new_disposition_keeps_what_was_typed(client, auth, name, reason):
    auth.login("admin@test.local")
    answered = client.post("/admin/dispositions", data={"name": name, "reached": "on"})
    assert answered.status_code == 422
    page = answered.data.decode()
    assert f'value="{name}" aria-invalid="true" aria-describedby="add-disposition-name-error"' in page
    assert f'id="add-disposition-name-error">{reason}' in page
    assert 'name="reached" checked' in page
