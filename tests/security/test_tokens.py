"""API tokens: named, expiring (90 days by default), listed without secrets, revocable by their
owner (or an admin), and an invalid Authorization header is 401 even beside a valid session."""
from datetime import timedelta

import pytest

from desk.extensions import db
from models import ApiToken
from models.base import utcnow
from tests.helpers import ApiClient, age_rows, csrf_header, fresh, logged_in_client, token_for


def make_token(client, **body):
    response = client.post("/api/v1/tokens", json={"name": "laptop", **body})
    assert response.status_code == 201, response.json
    return response.json


def test_a_new_token_is_named_and_expires_in_90_days(api):
    made = make_token(api)
    assert made["name"] == "laptop" and made["token"].startswith(made["prefix"])
    assert ApiClient(api._client, made["token"]).get("/api/v1/me").status_code == 200
    from datetime import datetime

    expires = datetime.fromisoformat(made["expires_at"])
    assert timedelta(days=89, hours=23) < expires - utcnow() <= timedelta(days=90)


@pytest.mark.parametrize("days", [0, 366, -1, "soon"])
def test_expires_in_days_is_bounded(api, days):
    response = api.post("/api/v1/tokens", json={"name": "x", "expires_in_days": days})
    assert response.status_code == 422 and "expires_in_days" in response.json["error"]["fields"]


def test_a_token_needs_a_name(api):
    response = api.post("/api/v1/tokens", json={})
    assert response.status_code == 422 and "name" in response.json["error"]["fields"]


def test_an_expired_token_is_refused(app, api):
    made = make_token(api, expires_in_days=1)
    token = ApiClient(api._client, made["token"])
    assert token.get("/api/v1/me").status_code == 200
    age_rows(app, ApiToken.expires_at, 86400, ApiToken.id == made["id"])
    assert token.get("/api/v1/me").status_code == 401


def test_a_token_made_before_expiry_existed_is_refused(app, api, users):
    with app.app_context():
        db.session.execute(db.update(ApiToken).values(expires_at=None))
        db.session.commit()
    assert api.get("/api/v1/me").status_code == 401


def test_listing_shows_my_tokens_without_secrets(api, admin_api):
    make_token(api)
    make_token(admin_api, name="admin's")
    items = api.get("/api/v1/tokens").json["items"]
    assert {t["name"] for t in items} == {"unnamed", "laptop"}
    assert all("token" not in t and "token_hash" not in t for t in items)
    assert {t["owner"]["email"] for t in items} == {"cole@test.local"}


def test_an_admin_lists_everyones_tokens_with_their_owner(api, admin_api):
    make_token(api)
    owners = {t["owner"]["email"] for t in admin_api.get("/api/v1/tokens").json["items"]}
    assert owners == {"cole@test.local", "admin@test.local"}


def test_revoking_my_token(app, api):
    made = make_token(api)
    token = ApiClient(api._client, made["token"])
    assert api.delete(f"/api/v1/tokens/{made['id']}").status_code == 204
    assert token.get("/api/v1/me").status_code == 401
    assert fresh(app, ApiToken, made["id"]).revoked_at is not None
    assert made["id"] not in {t["id"] for t in api.get("/api/v1/tokens").json["items"]}
    assert api.delete(f"/api/v1/tokens/{made['id']}").status_code == 404


def test_a_collector_cannot_revoke_someone_elses_token(app, api, users):
    other = ApiClient(api._client, token_for(app, users["other"]))
    theirs = make_token(other)
    assert api.delete(f"/api/v1/tokens/{theirs['id']}").status_code == 404
    assert ApiClient(api._client, theirs["token"]).get("/api/v1/me").status_code == 200


def test_an_admin_revokes_anyones_token(api, admin_api):
    theirs = make_token(api)
    assert admin_api.delete(f"/api/v1/tokens/{theirs['id']}").status_code == 204
    assert ApiClient(api._client, theirs["token"]).get("/api/v1/me").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(app, api):
    made = make_token(api)
    token = ApiClient(api._client, made["token"])
    token.get("/api/v1/me")
    first = fresh(app, ApiToken, made["id"]).last_used_at
    assert first is not None
    token.get("/api/v1/me")
    assert fresh(app, ApiToken, made["id"]).last_used_at == first
    age_rows(app, ApiToken.last_used_at, 61, ApiToken.id == made["id"])
    token.get("/api/v1/me")
    assert fresh(app, ApiToken, made["id"]).last_used_at >= first


@pytest.mark.parametrize("header", ["Bearer dk_wrong", "Bearer", "Bearer ", "Basic Y29sZTpwdw==",
                                    "dk_no_scheme", "Bearer a b", ""])
def test_an_invalid_authorization_header_wins_over_a_valid_session(app, users, header):
    session = logged_in_client(app)
    assert session.get("/api/v1/me").status_code == 200
    assert session.get("/api/v1/me", headers={"Authorization": header}).status_code == 401
    response = session.post("/api/v1/tokens", json={"name": "x"},
                            headers={"Authorization": header, **csrf_header(session)})
    assert response.status_code == 401


def test_an_expired_or_revoked_token_beside_a_session_is_refused(app, api, users):
    made = make_token(api)
    session = logged_in_client(app)
    api.delete(f"/api/v1/tokens/{made['id']}")
    assert session.get("/api/v1/me", headers={"Authorization": f"Bearer {made['token']}"}).status_code == 401


def test_cli_makes_named_tokens_and_revokes_by_id_or_prefix(app, runner, users):
    first = runner.invoke(args=["create-token", "cole@test.local", "--name", "script", "--days", "7"]).output.strip()
    second = runner.invoke(args=["create-token", "cole@test.local", "--name", "backup"]).output.strip()
    with app.app_context():
        rows = {t.name: t for t in db.session.query(ApiToken)}
        assert timedelta(days=6) < rows["script"].expires_at - utcnow() <= timedelta(days=7)
        second_id = rows["backup"].id
    result = runner.invoke(args=["revoke-token", first[:11]])
    assert result.exit_code == 0 and "script" in result.output
    assert runner.invoke(args=["revoke-token", str(second_id)]).exit_code == 0
    client = app.test_client()
    for token in (first, second):
        assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert runner.invoke(args=["revoke-token", "dk_nosuch"]).exit_code == 2
    assert runner.invoke(args=["revoke-token", "dk"]).exit_code == 2


def test_tokens_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert paths["/tokens"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]["$ref"] \
        .endswith("/TokenCreatedOut")
    assert "204" in paths["/tokens/{token_id}"]["delete"]["responses"]
    assert "/TokenPage" in paths["/tokens"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
