"""Login, logout, tokens, roles and CSRF."""
import pytest

from tests.helpers import PASSWORD


@pytest.mark.parametrize("path", ["/", "/accounts", "/worklist", "/accounts/1", "/admin/users",
                                  "/admin/templates", "/admin/dispositions", "/admin/settings"])
def test_pages_need_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/api/v1/accounts", "/api/v1/worklist", "/api/v1/dispositions",
                                  "/api/v1/templates", "/api/v1/accounts/1/activities"])
def test_api_needs_a_user(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_bad_token_is_refused(client, users):
    response = client.get("/api/v1/accounts", headers={"Authorization": "Bearer dk_nope"})
    assert response.status_code == 401


def test_login_logout(client, auth):
    response = auth.login()
    assert response.status_code == 302
    assert client.get("/accounts").status_code == 200
    auth.logout()
    assert client.get("/accounts").status_code == 302


def test_wrong_password(client, auth):
    response = auth.login(password="wrong-password")
    assert response.status_code == 401
    assert b"Wrong email or password" in response.data


def test_login_next_stays_on_site(client, users):
    response = client.post("/login?next=https://evil.example/", data={"email": "cole@test.local",
                                                                       "password": PASSWORD})
    assert response.headers["Location"] == "/worklist"


def test_deactivated_user_cannot_log_in_or_use_token(app, client, api, users):
    assert api.get("/api/v1/accounts").status_code == 200
    admin = app.test_client()
    admin.post("/login", data={"email": "admin@test.local", "password": PASSWORD})
    admin.post(f"/admin/users/{users['collector']}", data={"name": "Cole Collector", "role": "collector"})
    assert api.get("/api/v1/accounts").status_code == 401
    assert client.post("/login", data={"email": "cole@test.local", "password": PASSWORD}).status_code == 401


@pytest.mark.parametrize("path", ["/admin/users", "/admin/templates", "/admin/dispositions", "/admin/settings"])
def test_admin_pages_need_admin(client, auth, path):
    auth.login()
    assert client.get(path).status_code == 403


def test_create_template_via_api_needs_admin(api):
    response = api.post("/api/v1/templates", json={"channel": "sms", "name": "x", "body": "Hi"})
    assert response.status_code == 403


@pytest.fixture
def csrf_app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_forms_need_csrf_token(csrf_app_config, app, account, users):
    client = app.test_client()
    login = client.post("/login", data={"email": "cole@test.local", "password": PASSWORD})
    assert login.status_code == 400  # the login form itself is protected
    page = client.get("/login")
    token = page.data.split(b'name="csrf_token" value="')[1].split(b'"')[0].decode()
    assert client.post("/login", data={"email": "cole@test.local", "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    forged = client.post(f"/accounts/{account}/activities", data={"notes": "x"})
    assert forged.status_code == 400


def test_session_api_writes_need_csrf_header(csrf_app_config, app, account, users):
    client = app.test_client()
    page = client.get("/login")
    token = page.data.split(b'name="csrf_token" value="')[1].split(b'"')[0].decode()
    client.post("/login", data={"email": "cole@test.local", "password": PASSWORD, "csrf_token": token})
    path = f"/api/v1/accounts/{account}/activities"
    assert client.post(path, json={"notes": "hello"}).status_code == 400
    assert client.post(path, json={"notes": "hello"}, headers={"X-CSRFToken": token}).status_code == 201
    assert client.get(path).status_code == 200
