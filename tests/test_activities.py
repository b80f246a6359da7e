"""Recording activities and reading the timeline."""
import pytest


def test_record_and_list(api, account, users):
    response = api.post(f"/api/v1/accounts/{account}/activities", json={
        "disposition": "Left Message", "notes": "Left VM at home.", "assigned_to": users["other"],
        "follow_up_on": "2026-11-28"})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["type"] == "note" and body["disposition"] == "Left Message"
    assert body["assigned_to"] == users["other"] and body["created_by"] == users["collector"]
    assert body["follow_up_on"] == "2026-11-28"
    listed = api.get(f"/api/v1/accounts/{account}/activities").json
    assert listed["items"][0]["id"] == body["id"] and listed["next"] is None


def test_disposition_by_id(api, account):
    disposition = api.get("/api/v1/dispositions").json["items"][2]
    response = api.post(f"/api/v1/accounts/{account}/activities", json={"disposition": disposition["id"]})
    assert response.json["disposition"] == disposition["name"] == "Spoke to Customer"


@pytest.mark.parametrize("payload, field", [
    ({}, "notes"),
    ({"notes": "   "}, "notes"),
    ({"disposition": "Abducted by aliens"}, "disposition"),
    ({"notes": "x", "assigned_to": 4242}, "assigned_to"),
    ({"notes": "x", "follow_up_on": "tomorrow"}, "follow_up_on"),
    ({"notes": "x", "type": "payment"}, "type"),
    ({"notes": "x", "call_id": 12345}, "call_id"),
    ({"notes": "x", "mood": "sad"}, "mood"),
])
def test_bad_activity_is_422(api, account, payload, field):
    response = api.post(f"/api/v1/accounts/{account}/activities", json=payload)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert api.get(f"/api/v1/accounts/{account}/activities").json["items"] == []


def test_unknown_account_is_404(api):
    assert api.post("/api/v1/accounts/777/activities", json={"notes": "x"}).status_code == 404
    assert api.get("/api/v1/accounts/777/activities").status_code == 404


def test_filter_by_type_and_paginate(api, account):
    for kind in ("note", "call", "sms", "call", "email"):
        api.post(f"/api/v1/accounts/{account}/activities", json={"type": kind, "notes": kind})
    calls = api.get(f"/api/v1/accounts/{account}/activities?type=call").json["items"]
    assert [a["type"] for a in calls] == ["call", "call"]
    both = api.get(f"/api/v1/accounts/{account}/activities?type=sms,email").json["items"]
    assert sorted(a["type"] for a in both) == ["email", "sms"]
    assert api.get(f"/api/v1/accounts/{account}/activities?type=fax").status_code == 422
    first = api.get(f"/api/v1/accounts/{account}/activities?limit=3").json
    rest = api.get(f"/api/v1/accounts/{account}/activities?limit=3&cursor={first['next']}").json
    notes = [a["notes"] for a in first["items"] + rest["items"]]
    assert notes == ["email", "call", "sms", "call", "note"] and rest["next"] is None


def test_console_add_activity_and_filter(client, auth, account, users):
    auth.login()
    response = client.post(f"/accounts/{account}/activities", data={
        "type": "call", "disposition": "1", "notes": "Rang twice", "assigned_to": str(users["collector"]),
        "follow_up_on": "2026-11-30"})
    assert response.status_code == 302
    page = client.get(f"/accounts/{account}?type=call").data.decode()
    assert "Rang twice" in page and "No Answer" in page
    assert "Rang twice" not in client.get(f"/accounts/{account}?type=sms").data.decode()


def test_console_bad_activity_shows_reason(client, auth, account):
    auth.login()
    response = client.post(f"/accounts/{account}/activities", data={"follow_up_on": "soon"},
                           headers={"Referer": f"/accounts/{account}"})
    assert response.status_code == 422
    assert 'id="add-activity-follow_up_on-error">Not a valid date.' in response.data.decode()
