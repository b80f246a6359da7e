"""An admin lifts the lock failed logins put on someone before it ends: through the API and the
Users page (CSRF-checked, admin only); the address the failures came from is let in again, an
attacker's other addresses are not. Both lists of users read everyone's lock in one query."""
import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from desk.extensions import db
from desk.users.people import create_user
from desk.users.throttle import locked_until, locked_until_by_email
from models import LoginAttempt, utcnow
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


def test_the_locks_of_many_emails_read_at_once_are_each_ones_own(app, users):
    now = utcnow()
    failures = {"cole@test.local": LIMIT + 3, "olive@test.local": LIMIT - 1}  # locked; under the limit
    with app.app_context():
        for minute in range(LIMIT + 3):  # a failure a minute, the two emails' interleaved
            db.session.add_all(LoginAttempt(email=email, address="10.0.0.9", at=now - timedelta(minutes=minute))
                               for email, count in failures.items() if minute < count)
        db.session.add(LoginAttempt(email="olive@test.local", address="10.0.0.9", at=now - timedelta(hours=1)))
        db.session.commit()
        emails = ["cole@test.local", "olive@test.local", "nobody@test.local"]  # the last never failed
        one_by_one = {email: locked_until(email, now) for email in emails}
        assert locked_until_by_email(emails, now) == one_by_one
    assert one_by_one["cole@test.local"] is not None
    assert one_by_one["olive@test.local"] is None and one_by_one["nobody@test.local"] is None


@contextmanager
def login_attempt_queries(app):
    """The statements run on the login_attempts table while inside."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "login_attempts" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def add_users(app, count: int) -> None:
    with app.app_context():
        for n in range(count):
            create_user({"email": f"extra{n}@test.local", "name": f"Extra {n}", "password": PASSWORD})
        db.session.commit()


def test_listing_users_reads_their_locks_in_one_query(app, client, admin_api, users):
    add_users(app, 5)
    lock_out(client)
    with login_attempt_queries(app) as seen:
        listed = admin_api.get("/api/v1/users").get_json()["items"]
    assert len(listed) == 8 and len(seen) == 1
    assert [u["email"] for u in listed if u["login_locked_until"]] == ["cole@test.local"]


def test_the_users_page_reads_the_locks_in_one_query(app, users):
    add_users(app, 5)
    lock_out(app.test_client())
    admin = app.test_client()
    assert log_in_by_form(admin, "admin@test.local").status_code == 302
    with login_attempt_queries(app) as seen:
        page = admin.get("/admin/users").get_data(as_text=True)
    assert len(seen) == 1
    assert page.count("cannot sign in until") == 1 and "Cole Collector (cole@test.local) cannot" in page
