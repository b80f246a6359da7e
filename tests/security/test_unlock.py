"""An admin lifts the lock failed logins put on someone before it ends: through the API and the
Users page (CSRF-checked, admin only); the address the failures came from is let in again, an
attacker's other addresses are not."""
import re

from tests.helpers import PASSWORD, try_login

LIMIT = 10


def lock_out(client, email="cole@test.local", address="10.0.0.1"):
    for _ in range(LIMIT):
        assert try_login(client, email, address=address).status_code == 401
    assert try_login(client, email, PASSWORD, address=address).status_code == 429


def row_of(admin_api, user_id):
    return next(u for u in admin_api.get("/api/v1/users").get_json()["items"] if u["id"] == user_id)


def test_the_api_names_the_lock_and_an_admin_lifts_it(client, admin_api, users):
    assert row_of(admin_api, users["collector"])["login_locked_until"] is None
    lock_out(client)
    assert row_of(admin_api, users["collector"])["login_locked_until"] is not None
    response = admin_api.post(f"/api/v1/users/{users['collector']}/unlock")
    assert response.status_code == 200 and response.get_json()["login_locked_until"] is None
    assert try_login(client, password=PASSWORD, address="10.0.0.1").status_code == 302  # the same office address too


def test_unlocking_leaves_an_attackers_other_address_locked(client, admin_api, users):
    for n in range(LIMIT):  # someone at another address guessing everyone's email, Cole's among them
        assert try_login(client, f"guess{n}@test.local", address="203.0.113.5").status_code == 401
    lock_out(client, address="10.0.0.1")
    assert admin_api.post(f"/api/v1/users/{users['collector']}/unlock").status_code == 200
    assert try_login(client, "olive@test.local", PASSWORD, address="203.0.113.5").status_code == 429
    assert try_login(client, password=PASSWORD, address="10.0.0.1").status_code == 302


def test_only_an_admin_unlocks(client, api, admin_api, users):
    lock_out(client, email="olive@test.local")
    assert api.post(f"/api/v1/users/{users['other']}/unlock").status_code == 403
    assert row_of(admin_api, users["other"])["login_locked_until"] is not None
    assert admin_api.post("/api/v1/users/999999/unlock").status_code == 404


def form_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in_by_form(client, email: str, address: str = "127.0.0.1"):
    """The login form as a browser sends it, its CSRF token included."""
    token = form_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_the_users_page_lists_who_is_locked_out_and_unlocks_them(app, users):
    lock_out(app.test_client())
    app.config["WTF_CSRF_ENABLED"] = True  # from here on, as in production
    admin = app.test_client()
    assert log_in_by_form(admin, "admin@test.local").status_code == 302
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "Cole Collector (cole@test.local) cannot sign in until" in page
    path = f"/admin/users/{users['collector']}/unlock"
    assert admin.post(path).status_code == 400  # no CSRF token: still locked
    assert log_in_by_form(app.test_client(), "cole@test.local", "10.0.0.1").status_code == 429
    response = admin.post(path, data={"csrf_token": form_token(page)}, follow_redirects=True)
    assert "Cole Collector can sign in again." in response.get_data(as_text=True)
    assert "cannot sign in until" not in response.get_data(as_text=True)
    assert log_in_by_form(app.test_client(), "cole@test.local", "10.0.0.1").status_code == 302
