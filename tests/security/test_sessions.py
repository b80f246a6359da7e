"""Sessions carry the user's session_version: logout, a password change, deactivation and an
admin's reset end the user's other sessions; an idle session ends after SESSION_IDLE_TIMEOUT."""
import time

from desk.extensions import db
from models import User
from tests.helpers import PASSWORD, csrf_header, logged_in_client

NEW_PASSWORD = "a-brand-new-secret-77"


def logged_in(client) -> bool:
    return client.get("/accounts").status_code == 200


def test_logout_ends_every_session_of_the_user(app, users):
    laptop, phone = logged_in_client(app), logged_in_client(app)
    other = logged_in_client(app, "olive@test.local")
    laptop.post("/logout")
    assert not logged_in(laptop) and not logged_in(phone)
    assert logged_in(other)


def test_a_cookie_kept_from_before_logout_is_refused(app, users):
    client = logged_in_client(app)
    with client.session_transaction() as saved:
        stolen = dict(saved)
    client.post("/logout")
    with client.session_transaction() as session:
        session.update(stolen)
    assert not logged_in(client)


def test_password_change_keeps_this_session_and_ends_the_others(app, users):
    here, elsewhere = logged_in_client(app), logged_in_client(app)
    response = here.post("/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                            "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert logged_in(here) and not logged_in(elsewhere)


def test_api_password_change_over_the_session_keeps_it(app, users):
    here, elsewhere = logged_in_client(app), logged_in_client(app)
    response = here.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                         headers=csrf_header(here))
    assert response.status_code == 204
    assert logged_in(here) and not logged_in(elsewhere)


def test_api_password_change_with_a_token_ends_every_session(app, users, api):
    session = logged_in_client(app)
    response = api.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 204
    assert not logged_in(session)
    assert api.get("/api/v1/me").status_code == 200  # the token itself stays valid


def test_deactivation_ends_the_users_sessions(app, users):
    collector = logged_in_client(app)
    admin = logged_in_client(app, "admin@test.local")
    admin.post(f"/admin/users/{users['collector']}", data={"name": "Cole Collector", "role": "collector"})
    assert not logged_in(collector)
    with app.app_context():  # reactivated, the old session stays over
        db.session.get(User, users["collector"]).active = True
        db.session.commit()
    assert not logged_in(collector)


def test_admin_reset_in_the_console_ends_the_users_sessions(app, users):
    collector = logged_in_client(app)
    admin = logged_in_client(app, "admin@test.local")
    response = admin.post(f"/admin/users/{users['collector']}/password", data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert not logged_in(collector) and logged_in(admin)
    assert logged_in(logged_in_client(app, password=NEW_PASSWORD))


def test_admin_reset_through_the_api_ends_the_users_sessions(app, users, admin_api):
    collector = logged_in_client(app)
    response = admin_api.post(f"/api/v1/users/{users['collector']}/password", json={"password": NEW_PASSWORD})
    assert response.status_code == 204
    assert not logged_in(collector)


def test_an_idle_session_ends(app, users):
    client = logged_in_client(app)
    with client.session_transaction() as session:
        session["_desk_seen"] = int(time.time()) - 8 * 3600 - 5
    assert not logged_in(client)


def test_a_session_used_within_the_idle_timeout_stays(app, users):
    client = logged_in_client(app)
    with client.session_transaction() as session:
        session["_desk_seen"] = int(time.time()) - 7 * 3600
    assert logged_in(client)
    with client.session_transaction() as session:
        assert time.time() - session["_desk_seen"] < 3600  # the request counted as activity


def test_the_idle_timeout_is_a_setting(app_config, app, users):
    app.config["SESSION_IDLE_TIMEOUT"] = 600
    client = logged_in_client(app)
    with client.session_transaction() as session:
        session["_desk_seen"] = int(time.time()) - 601
    assert not logged_in(client)


def test_a_session_without_a_version_is_refused(app, users):
    """A cookie signed before versions existed (only flask-login's user id) no longer works."""
    client = logged_in_client(app)
    with client.session_transaction() as session:
        del session["_desk_sv"]
    assert not logged_in(client)
