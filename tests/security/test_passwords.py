"""Passwords: at least 12 characters and not a common one; users change their own (the current
one required), admins reset others'; create-user never needs the password on the command line."""

import pytest

from desk.users.passwords import common_passwords
from tests.helpers import PASSWORD, csrf_header, logged_in_client, try_login

NEW_PASSWORD = "a-brand-new-secret-77"


@pytest.mark.parametrize("password, reason", [
    ("short-pw-1", "at least 12"), ("password1234", "too common"), ("Password2026", "too common"),
    ("qwertyuiop123", "too common"), ("aaaaaaaaaaaaaa", "too common"), ("x" * 201, "at most 200"),
])
def test_weak_passwords_are_refused_with_the_field_named(app, admin_api, users, password, reason):
    response = admin_api.post(f"/api/v1/users/{users['collector']}/password", json={"password": password})
    assert response.status_code == 422
    assert reason in " ".join(response.json["error"]["fields"]["password"])
    assert try_login(app.test_client(), password=PASSWORD).status_code == 302  # unchanged


def test_the_common_list_ships_with_the_package():
    """The installed wheel's copy is proven by .ci/production-install (`desk create-user` there)."""
    assert len(common_passwords()) > 1000 and "password1234" in common_passwords()


def test_the_demo_password_is_allowed():
    from desk.seed import DEMO_PASSWORD
    from desk.users.passwords import password_problem

    assert password_problem(DEMO_PASSWORD) is None


def test_change_my_password_over_the_api(app, api, users):
    wrong = api.post("/api/v1/me/password", json={"current_password": "not-my-password", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 422 and "current_password" in wrong.json["error"]["fields"]
    weak = api.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "password1234"})
    assert weak.status_code == 422 and "new_password" in weak.json["error"]["fields"]
    missing = api.post("/api/v1/me/password", json={"new_password": NEW_PASSWORD})
    assert missing.status_code == 422 and "current_password" in missing.json["error"]["fields"]
    assert api.post("/api/v1/me/password", json={"current_password": PASSWORD,
                                                 "new_password": NEW_PASSWORD}).status_code == 204
    client = app.test_client()
    assert try_login(client, password=PASSWORD).status_code == 401
    assert try_login(client, password=NEW_PASSWORD).status_code == 302


def test_only_an_admin_resets_a_password(app, api, admin_api, users):
    path = f"/api/v1/users/{users['other']}/password"
    assert api.post(path, json={"password": NEW_PASSWORD}).status_code == 403
    assert admin_api.post("/api/v1/users/999999/password", json={"password": NEW_PASSWORD}).status_code == 404
    assert admin_api.post(path, json={"password": NEW_PASSWORD}).status_code == 204
    assert try_login(app.test_client(), "olive@test.local", NEW_PASSWORD).status_code == 302


def test_the_change_password_page_is_in_the_header(app, users):
    client = logged_in_client(app)
    assert 'href="/password"' in client.get("/worklist").get_data(as_text=True)
    assert client.get("/password").status_code == 200


@pytest.mark.parametrize("form, message", [
    ({"current_password": "not-my-password", "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
     "current_password: Wrong password."),
    ({"current_password": PASSWORD, "new_password": "password1234", "confirm_password": "password1234"},
     "new_password: This password is too common"),
    ({"current_password": PASSWORD, "new_password": "too-short", "confirm_password": "too-short"},
     "new_password: Use at least 12 characters."),
    ({"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD + "x"},
     "confirm_password: The two new passwords differ."),
])
def test_the_change_password_page_names_the_problem(app, users, form, message):
    client = logged_in_client(app)
    response = client.post("/password", data=form)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert try_login(app.test_client(), password=PASSWORD).status_code == 302


def test_console_admin_reset_and_user_forms_use_the_policy(app, users):
    admin = logged_in_client(app, "admin@test.local")
    response = admin.post(f"/admin/users/{users['other']}/password", data={"password": "password2024"},
                          headers={"Referer": "/admin/users"}, follow_redirects=True)
    assert "too common" in response.get_data(as_text=True)
    response = admin.post("/admin/users", data={"name": "N", "email": "n@test.local", "password": "iloveyou1234"},
                          headers={"Referer": "/admin/users"}, follow_redirects=True)
    assert "password: This password is too common" in response.get_data(as_text=True)
    page = admin.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{users["other"]}/password"' in page


def test_session_api_password_change_needs_csrf(app, users):
    client = logged_in_client(app)
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client.post("/api/v1/me/password", json=body).status_code == 400
    assert client.post("/api/v1/me/password", json=body, headers=csrf_header(client)).status_code == 204


def test_create_user_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(args=["create-user", "pat@x.com", "--name", "Pat", "--password-stdin"],
                           input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    assert try_login(app.test_client(), "pat@x.com", NEW_PASSWORD).status_code == 302


def test_create_user_prompts_twice_without_echo(app, runner):
    result = runner.invoke(args=["create-user", "pat@x.com", "--name", "Pat"],
                           input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output and "Repeat for confirmation" in result.output
    assert try_login(app.test_client(), "pat@x.com", NEW_PASSWORD).status_code == 302


def test_create_user_refuses_a_weak_password(runner, app):
    result = runner.invoke(args=["create-user", "pat@x.com", "--name", "Pat", "--password-stdin"],
                           input="password1234\n")
    assert result.exit_code == 2 and "password: This password is too common" in result.output
    both = runner.invoke(args=["create-user", "pat@x.com", "--name", "Pat", "--password-stdin",
                               "--password", NEW_PASSWORD], input=NEW_PASSWORD + "\n")
    assert both.exit_code == 2
