"""Presence and calling method: what a user sets, what the desk derives (busy, offline), the
console's heartbeat, and the API that shows and changes them."""
from datetime import timedelta

import pytest

from desk.extensions import db
from desk.users.presence import ONLINE_SECONDS
from models import Call, CallLeg, User, utcnow


def seen(app, user_id: int, seconds_ago: float | None) -> None:
    """Set when the user's console was last seen (time is driven through the row, not waited on)."""
    with app.app_context():
        user = db.session.get(User, user_id)
        user.last_seen_at = None if seconds_ago is None else utcnow() - timedelta(seconds=seconds_ago)
        db.session.commit()


def add_call(app, **fields) -> int:
    with app.app_context():
        call = Call(**fields)
        db.session.add(call)
        db.session.commit()
        return call.id


def me(api) -> dict:
    answer = api.get("/api/v1/me")
    assert answer.status_code == 200
    return answer.json


def test_a_new_user_calls_by_phone_and_is_offline_until_a_console_beats(api):
    assert me(api)["call_via"] == "phone" and me(api)["presence"] == "offline"
    beat = api.post("/api/v1/me/heartbeat")
    assert beat.status_code == 200 and beat.json == {"presence": "available"}
    assert me(api)["presence"] == "available"


def test_without_a_heartbeat_for_90_seconds_the_user_is_offline(app, api, users):
    seen(app, users["collector"], ONLINE_SECONDS - 5)
    assert me(api)["presence"] == "available"
    seen(app, users["collector"], ONLINE_SECONDS + 5)
    assert me(api)["presence"] == "offline"
    api.post("/api/v1/me/heartbeat")
    assert me(api)["presence"] == "available"


def test_away_is_set_and_kept_and_offline_wins_over_it(app, api, users):
    api.post("/api/v1/me/heartbeat")
    changed = api.patch("/api/v1/me", json={"presence": "away"})
    assert changed.status_code == 200 and changed.json["presence"] == "away"
    assert me(api)["presence"] == "away"
    seen(app, users["collector"], ONLINE_SECONDS * 2)
    assert me(api)["presence"] == "offline"
    api.post("/api/v1/me/heartbeat")
    assert me(api)["presence"] == "away"
    assert api.patch("/api/v1/me", json={"presence": "available"}).json["presence"] == "available"


@pytest.mark.parametrize("value", ["busy", "offline", "AWAY", "", None, 3])
def test_only_available_and_away_can_be_set(api, value):
    refused = api.patch("/api/v1/me", json={"presence": value})
    assert refused.status_code == 422 and "presence" in refused.json["error"]["fields"]
    assert me(api)["presence"] == "offline"


def test_calling_method_is_mine_to_choose(api):
    answer = api.patch("/api/v1/me", json={"call_via": "browser"})
    assert answer.status_code == 200 and answer.json["call_via"] == "browser"
    assert me(api)["call_via"] == "browser"
    assert api.patch("/api/v1/me", json={"call_via": "phone"}).json["call_via"] == "phone"
    refused = api.patch("/api/v1/me", json={"call_via": "pigeon"})
    assert refused.status_code == 422 and list(refused.json["error"]["fields"]) == ["call_via"]


def test_calling_by_phone_needs_a_phone_number(app, api, admin_api, users):
    api.patch("/api/v1/me", json={"call_via": "browser"})
    assert admin_api.patch(f"/api/v1/users/{users['collector']}", json={"phone": None}).status_code == 200
    refused = api.patch("/api/v1/me", json={"call_via": "phone"})
    assert refused.status_code == 422 and list(refused.json["error"]["fields"]) == ["call_via"]
    assert me(api)["call_via"] == "browser"
    both = admin_api.patch(f"/api/v1/users/{users['collector']}", json={"call_via": "phone", "phone": None})
    assert both.status_code == 422 and "call_via" in both.json["error"]["fields"]
    given = admin_api.patch(f"/api/v1/users/{users['collector']}", json={"call_via": "phone", "phone": "+15005550007"})
    assert given.status_code == 200 and given.json["call_via"] == "phone" and given.json["phone"] == "+15005550007"


def test_busy_while_my_call_is_under_way(app, api, users):
    api.post("/api/v1/me/heartbeat")
    api.patch("/api/v1/me", json={"presence": "away"})
    call_id = add_call(app, direction="outbound", via="phone", collector_id=users["collector"], status="ringing")
    assert me(api)["presence"] == "busy"
    seen(app, users["collector"], None)  # a bridged call goes on with the console closed
    assert me(api)["presence"] == "busy"
    with app.app_context():
        call = db.session.get(Call, call_id)
        call.status, call.ended_at = "completed", utcnow()
        db.session.commit()
    assert me(api)["presence"] == "offline"
    api.post("/api/v1/me/heartbeat")
    assert me(api)["presence"] == "away"


def set_leg(app, sid: str, **fields) -> None:
    with app.app_context():
        leg = db.session.execute(db.select(CallLeg).where(CallLeg.sid == sid)).scalar_one()
        for name, value in fields.items():
            setattr(leg, name, value)
        db.session.commit()


def test_busy_on_an_inbound_call_i_answered_not_while_it_rings(app, api, users):
    api.post("/api/v1/me/heartbeat")
    call_id = add_call(app, direction="inbound", via="inbound", status="in-progress")
    sid = "CA" + "7" * 32
    with app.app_context():
        db.session.add(CallLeg(call_id=call_id, sid=sid, role="collector", user_id=users["collector"],
                               status="ringing"))
        db.session.commit()
    assert me(api)["presence"] == "available"
    set_leg(app, sid, status="in-progress", answered_at=utcnow())
    assert me(api)["presence"] == "busy"
    set_leg(app, sid, status="completed", ended_at=utcnow())
    assert me(api)["presence"] == "available"


def test_a_call_that_never_heard_its_end_stops_counting_after_hours(app, api, users):
    api.post("/api/v1/me/heartbeat")
    add_call(app, direction="outbound", via="phone", collector_id=users["collector"], status="in-progress",
             created_at=utcnow() - timedelta(hours=5))
    assert me(api)["presence"] == "available"


def test_the_admin_sees_every_users_presence_and_sets_their_calling_method(app, api, admin_api, users):
    api.post("/api/v1/me/heartbeat")
    api.patch("/api/v1/me", json={"presence": "away"})
    add_call(app, direction="outbound", via="phone", collector_id=users["other"], status="in-progress")
    listed = admin_api.get("/api/v1/users")
    assert listed.status_code == 200 and listed.json["next"] is None
    presence = {u["id"]: u["presence"] for u in listed.json["items"]}
    assert presence == {users["admin"]: "offline", users["collector"]: "away", users["other"]: "busy"}
    changed = admin_api.patch(f"/api/v1/users/{users['other']}", json={"call_via": "browser"})
    assert changed.status_code == 200 and changed.json["call_via"] == "browser"
    assert {u["id"]: u["call_via"] for u in admin_api.get("/api/v1/users").json["items"]}[users["other"]] == "browser"
    refused = admin_api.patch(f"/api/v1/users/{users['other']}", json={"presence": "away"})
    assert refused.status_code == 422 and "presence" in refused.json["error"]["fields"]
    assert admin_api.patch("/api/v1/users/999", json={"call_via": "browser"}).status_code == 404


def test_only_admins_list_and_change_users(api, users):
    assert api.get("/api/v1/users").status_code == 403
    assert api.patch(f"/api/v1/users/{users['other']}", json={"call_via": "browser"}).status_code == 403


def test_a_console_heartbeat_needs_login_and_its_csrf_token(client, auth):
    assert client.post("/api/v1/me/heartbeat").status_code == 401
    auth.login()
    assert client.post("/api/v1/me/heartbeat").status_code == 400


def test_presence_and_call_via_are_documented(client):
    spec = client.get("/api/v1/openapi.json").json
    schemas = spec["components"]["schemas"]
    assert set(schemas["UserOut"]["properties"]) >= {"call_via", "presence"}
    assert schemas["MeIn"]["properties"]["presence"]["enum"] == ["available", "away"]
    assert schemas["UserPatch"]["properties"]["call_via"]["enum"] == ["browser", "phone"]
    assert {"/users", "/users/{user_id}", "/me/heartbeat"} <= set(spec["paths"])


# The console (forms as sent without the page's scripts; tests/browser/test_presence.py runs them)

def test_the_header_shows_and_sets_presence(app, client, auth, users):
    auth.login()
    page = client.get("/password").get_data(as_text=True)
    assert 'aria-label="Presence"' in page and '<option value="available" selected>' in page
    assert "presence.js" in page
    assert client.post("/me/presence", data={"presence": "away"}).status_code == 302
    assert '<option value="away" selected>' in client.get("/password").get_data(as_text=True)
    refused = client.post("/me/presence", data={"presence": "busy"})
    assert refused.status_code == 422 and 'role="alert"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, users["collector"]).presence == "away"
    add_call(app, direction="outbound", via="phone", collector_id=users["collector"], status="in-progress")
    assert "Busy (on a call)</span>" in client.get("/password").get_data(as_text=True)


def test_my_calling_method_is_set_on_my_settings_page(app, client, auth, users, admin_api):
    auth.login()
    page = client.get("/password").get_data(as_text=True)
    assert "Calling method" in page and 'value="phone" checked' in page
    saved = client.post("/me/call-via", data={"call_via": "browser"})
    assert saved.status_code == 302 and saved.location.endswith("#my-calling-method")
    assert 'value="browser" checked' in client.get("/password").get_data(as_text=True)
    admin_api.patch(f"/api/v1/users/{users['collector']}", json={"phone": None})
    refused = client.post("/me/call-via", data={"call_via": "phone"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="my-calling-method-call_via-error"' in text
    assert "needs a phone number" in text and 'aria-invalid="true"' in text
    with app.app_context():
        assert db.session.get(User, users["collector"]).call_via == "browser"
    assert client.post("/me/call-via", data={"call_via": "fax"}).status_code == 422


def test_the_admin_sees_presence_and_sets_how_each_user_calls(app, client, auth, users, admin_api):
    auth.login("admin@test.local")
    admin_api.post("/api/v1/me/heartbeat")
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'aria-label="Calls by"' in page and "<th>Presence</th>" in page
    assert page.count('<td class="presence-cell">Offline</td>') == 2  # the collectors; the admin beat
    other = users["other"]
    form = {"name": "Olive Other", "role": "collector", "phone": "+15005550008", "call_via": "browser", "active": "on"}
    assert client.post(f"/admin/users/{other}", data=form).status_code == 302
    with app.app_context():
        assert db.session.get(User, other).call_via == "browser"
    admin_api.patch(f"/api/v1/users/{other}", json={"phone": None})
    refused = client.post(f"/admin/users/{other}", data={**form, "phone": "", "call_via": "phone"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and f'id="user-{other}-call_via-error"' in text
    with app.app_context():
        assert db.session.get(User, other).call_via == "browser"
