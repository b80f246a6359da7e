"""Promises to pay: kept by payments, broken by the calendar, shown in the timeline and worklist."""
from datetime import date, timedelta

import pytest

from desk.extensions import db


def test_promise_kept_by_payments(api, account, users):
    promise = api.post(f"/api/v1/accounts/{account}/promises", json={
        "amount": "250.00", "due_on": (date.today() + timedelta(days=3)).isoformat(),
        "notes": "Payday Friday"}).json
    assert promise["status"] == "pending" and promise["assigned_to"] == users["collector"]
    api.post(f"/api/v1/accounts/{account}/payments", json={"amount": "100", "reference": "R1"})
    assert api.get(f"/api/v1/accounts/{account}/promises").json["items"][0]["status"] == "pending"
    api.post(f"/api/v1/accounts/{account}/payments", json={"amount": "150", "reference": "R2"})
    assert api.get(f"/api/v1/accounts/{account}/promises").json["items"][0]["status"] == "kept"
    timeline = [a["notes"] for a in api.get(f"/api/v1/accounts/{account}/activities?type=promise").json["items"]]
    assert any("kept" in n for n in timeline) and any("Promised $250.00" in n for n in timeline)


def test_payment_before_promise_does_not_count(api, account):
    api.post(f"/api/v1/accounts/{account}/payments", json={
        "amount": "250", "paid_on": (date.today() - timedelta(days=2)).isoformat()})
    promise = api.post(f"/api/v1/accounts/{account}/promises", json={
        "amount": "250", "due_on": date.today().isoformat()}).json
    assert promise["status"] == "pending"


def test_broken_when_due_date_passes_then_in_worklist(app, api, account, users):
    promise = api.post(f"/api/v1/accounts/{account}/promises", json={
        "amount": "300", "due_on": date.today().isoformat()}).json
    from desk.collections.promises import evaluate_due

    with app.app_context():
        assert evaluate_due(date.today()) == 0  # due today: not broken yet
        evaluate_due(date.today() + timedelta(days=1))
        db.session.commit()
    promises = api.get(f"/api/v1/accounts/{account}/promises").json["items"]
    assert promises[0]["id"] == promise["id"] and promises[0]["status"] == "broken"
    worklist = api.get("/api/v1/worklist").json["items"]
    assert worklist[0]["account"]["id"] == account
    assert worklist[0]["reasons"][0]["kind"] == "broken_promise"
    api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "Called about the broken promise"})
    assert api.get("/api/v1/worklist").json["items"] == []


def test_grace_days_extend_the_window(app, api, account):
    from desk import settings
    from desk.collections.promises import evaluate_due

    due = date.today() - timedelta(days=1)
    with app.app_context():
        settings.change({"promise_grace_days": 2})
        db.session.commit()
    api.post(f"/api/v1/accounts/{account}/promises", json={"amount": "50", "due_on": due.isoformat()})
    api.post(f"/api/v1/accounts/{account}/payments", json={"amount": "50"})
    assert api.get(f"/api/v1/accounts/{account}/promises").json["items"][0]["status"] == "kept"
    with app.app_context():
        evaluate_due(due + timedelta(days=2))
        db.session.commit()


def test_cancel_and_no_change_after(api, account):
    promise = api.post(f"/api/v1/accounts/{account}/promises", json={
        "amount": "80", "due_on": date.today().isoformat()}).json
    response = api.patch(f"/api/v1/promises/{promise['id']}", json={"status": "cancelled"})
    assert response.status_code == 200 and response.json["status"] == "cancelled"
    again = api.patch(f"/api/v1/promises/{promise['id']}", json={"amount": "90"})
    assert again.status_code == 409


@pytest.mark.parametrize("payload, field", [
    ({"due_on": "2026-12-01"}, "amount"),
    ({"amount": "0", "due_on": "2026-12-01"}, "amount"),
    ({"amount": "-1", "due_on": "2026-12-01"}, "amount"),
    ({"amount": "1.001", "due_on": "2026-12-01"}, "amount"),
    ({"amount": "NaN", "due_on": "2026-12-01"}, "amount"),
    ({"amount": "50"}, "due_on"),
    ({"amount": "50", "due_on": "2026-02-30"}, "due_on"),
    ({"amount": "50", "due_on": "2026-12-01", "assigned_to": 999}, "assigned_to"),
    ({"amount": "50", "due_on": "2026-12-01", "status": "kept"}, "status"),
])
def test_bad_promise_is_422(api, account, payload, field):
    response = api.post(f"/api/v1/accounts/{account}/promises", json=payload)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert api.get(f"/api/v1/accounts/{account}/promises").json["items"] == []


def test_patch_status_other_than_cancelled_is_refused(api, account):
    promise = api.post(f"/api/v1/accounts/{account}/promises", json={
        "amount": "80", "due_on": date.today().isoformat()}).json
    response = api.patch(f"/api/v1/promises/{promise['id']}", json={"status": "kept"})
    assert response.status_code == 422 and "status" in response.json["error"]["fields"]
    assert api.patch("/api/v1/promises/999", json={"notes": "x"}).status_code == 404


def test_duplicate_payment_reference_is_409(api, account):
    assert api.post(f"/api/v1/accounts/{account}/payments", json={"amount": "5", "reference": "X"}).status_code == 201
    response = api.post(f"/api/v1/accounts/{account}/payments", json={"amount": "5", "reference": "X"})
    assert response.status_code == 409


def test_console_promise_window_and_history_tab(client, auth, account, users):
    auth.login()
    response = client.post(f"/accounts/{account}/promises", data={
        "amount": "$1,250.00", "due_on": "2026-12-05", "assigned_to": str(users["other"]), "notes": "Tax refund"})
    assert response.status_code == 302
    page = client.get(f"/accounts/{account}?tab=promises").data.decode()
    assert "$1,250.00" in page and "Dec 05, 2026" in page and "Olive Other" in page and "pending" in page
