"""Login throttling: failed logins are counted per email and per client address in the database;
past 10 in 15 minutes the login answers 429 with Retry-After, even for the right password."""
import pytest

from desk.extensions import db
from models import LoginAttempt
from tests.helpers import PASSWORD, age_rows, try_login

LIMIT, WINDOW = 10, 900


def fail(client, times: int, email: str = "cole@test.local", addresses=None):
    for n in range(times):
        address = addresses(n) if addresses else "127.0.0.1"
        assert try_login(client, email, address=address).status_code == 401


def test_ten_failures_lock_the_account_even_for_the_right_password(client, users):
    fail(client, LIMIT)
    response = try_login(client, password=PASSWORD)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= WINDOW
    assert "Too many failed logins" in response.get_data(as_text=True)
    assert client.get("/accounts").status_code == 302  # not logged in


def test_nine_failures_still_let_the_right_password_in(client, users):
    fail(client, LIMIT - 1)
    assert try_login(client, password=PASSWORD).status_code == 302


def test_the_lock_ends_when_the_window_passes(app, client, users):
    fail(client, LIMIT)
    age_rows(app, LoginAttempt.at, WINDOW - 300)
    retry_after = int(try_login(client, password=PASSWORD).headers["Retry-After"])
    assert 1 <= retry_after <= 300
    age_rows(app, LoginAttempt.at, 301)
    assert try_login(client, password=PASSWORD).status_code == 302


def test_the_account_is_locked_whatever_address_the_failures_come_from(client, users):
    fail(client, LIMIT, addresses=lambda n: f"10.0.0.{n + 1}")
    assert try_login(client, password=PASSWORD, address="10.9.9.9").status_code == 429
    # another account from a fresh address is not affected
    assert try_login(client, "olive@test.local", PASSWORD, address="10.9.9.9").status_code == 302


def test_an_address_trying_many_emails_is_locked(client, users):
    for n in range(LIMIT):
        assert try_login(client, f"guess{n}@test.local").status_code == 401
    assert try_login(client, "olive@test.local", PASSWORD).status_code == 429
    assert try_login(client, "olive@test.local", PASSWORD, address="10.1.1.1").status_code == 302


@pytest.fixture
def behind_one_proxy(app_config):
    """Asked for before the app: the desk is configured with one reverse proxy in front."""
    app_config["PROXY_HOPS"] = 1


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(behind_one_proxy, client, users):
    """With PROXY_HOPS=1 the proxy's own address is not what is counted: one client's failures
    do not lock out the others behind the same proxy, and that client is still locked."""
    for n in range(LIMIT):
        assert try_login(client, f"guess{n}@test.local", **{"X-Forwarded-For": "203.0.113.9"}).status_code == 401
    assert try_login(client, "olive@test.local", PASSWORD, **{"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    assert try_login(client, "olive@test.local", PASSWORD, **{"X-Forwarded-For": "198.51.100.7"}).status_code == 302


def test_x_forwarded_for_does_not_escape_the_address_count(client, users):
    for n in range(LIMIT):
        response = try_login(client, f"guess{n}@test.local", **{"X-Forwarded-For": f"203.0.113.{n}"})
        assert response.status_code == 401
    response = try_login(client, "olive@test.local", PASSWORD, **{"X-Forwarded-For": "198.51.100.7"})
    assert response.status_code == 429


def test_a_success_resets_the_accounts_count(client, users):
    fail(client, LIMIT - 1, addresses=lambda n: f"10.0.1.{n + 1}")
    assert try_login(client, password=PASSWORD, address="10.0.2.1").status_code == 302
    fail(client, LIMIT - 1, addresses=lambda n: f"10.0.3.{n + 1}")
    assert try_login(client, password=PASSWORD, address="10.0.2.2").status_code == 302


def test_email_case_and_spaces_count_as_the_same_account(client, users):
    fail(client, LIMIT, email=" Cole@Test.LOCAL ", addresses=lambda n: f"10.0.4.{n + 1}")
    assert try_login(client, password=PASSWORD, address="10.0.5.1").status_code == 429


def test_old_attempts_are_pruned(app, client, users):
    fail(client, 3)
    age_rows(app, LoginAttempt.at, WINDOW + 1)
    fail(client, 1)
    with app.app_context():
        assert db.session.query(LoginAttempt).count() == 1


@pytest.mark.parametrize("email", ["nobody@test.local", "cole@test.local"])
def test_unknown_and_known_emails_both_check_a_password_hash(monkeypatch, client, users, email):
    """An unknown email costs the same hash check as a known one (no timing difference to probe)."""
    import desk.users.passwords as passwords

    checked = []
    real = passwords.check_password_hash

    def counting(pwhash, password):
        checked.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(passwords, "check_password_hash", counting)
    assert try_login(client, email).status_code == 401
    assert len(checked) == 1 and checked[0].startswith("pbkdf2:sha256:1000$")


def test_a_locked_login_does_not_check_the_password(monkeypatch, client, users):
    import desk.users.passwords as passwords

    fail(client, LIMIT)
    monkeypatch.setattr(passwords, "check_password_hash", lambda *args: pytest.fail("password checked"))
    assert try_login(client, password=PASSWORD).status_code == 429
