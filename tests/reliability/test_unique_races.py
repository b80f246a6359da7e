"""Two requests saving the same unique value at once (an account number, a phone on an account,
a payment reference): the one that loses the race is told 409 naming the field, never a 500, and
nothing of it is kept."""
import requests

from desk.extensions import db
from models import Account, Payment, Phone, User
from tests.helpers import at_once, inserted_first

NEW_ACCOUNT = {"number": "B-2002", "first_name": "Bo", "last_name": "Li", "phones": [{"number": "+12145550111"}]}


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(model.id))).scalar()


def test_an_account_number_taken_between_the_check_and_the_insert_is_409(app, api, users):
    with inserted_first(app, Account, number="B-2002", first_name="Other", last_name="Desk") as done:
        answer = api.post("/api/v1/accounts", json=NEW_ACCOUNT)
    assert done and answer.status_code == 409, answer.json
    assert answer.json["error"]["fields"] == {"number": ["Already in use."]}
    assert count(app, Account) == 1 and count(app, Phone) == 0


def test_a_phone_added_twice_at_once_is_409(app, api, account):
    with inserted_first(app, Phone, account_id=account, number="+12145550177", label="work") as done:
        answer = api.patch(f"/api/v1/accounts/{account}", json={"phones": [{"number": "+12145550177"}]})
    assert done and answer.status_code == 409, answer.json
    assert list(answer.json["error"]["fields"]) == ["phones"]
    assert count(app, Phone) == 3


def test_a_console_user_email_race_is_flashed_not_a_500(app, client, auth, users):
    """The same refusal through a console form: flashed, and the page sent back."""
    auth.login("admin@test.local")
    form = {"email": "new@test.local", "name": "New Person", "role": "collector", "password": "long-enough-pw-1"}
    with inserted_first(app, User, email="new@test.local", name="Other", role="collector", password_hash="x") as done:
        answer = client.post("/admin/users", data=form, headers={"Referer": "/admin/users"}, follow_redirects=True)
    assert done and answer.status_code == 200
    assert "Someone saved the same email a moment ago." in answer.text
    assert count(app, User) == 4


def test_two_new_accounts_with_one_number_at_once(app, api, live_server):
    headers = {"Authorization": f"Bearer {api.token}"}
    answers = at_once(4, lambda: requests.post(f"{live_server}/api/v1/accounts", json=NEW_ACCOUNT,
                                               headers=headers, timeout=30))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201, 409, 409, 409], [a.text for a in answers]
    assert all(a.json()["error"]["fields"] == {"number": ["Already in use."]} for a in answers if a.status_code == 409)
    assert count(app, Account) == 1


def test_two_payments_with_one_reference_at_once(app, api, account, live_server):
    headers = {"Authorization": f"Bearer {api.token}"}
    url = f"{live_server}/api/v1/accounts/{account}/payments"
    answers = at_once(4, lambda: requests.post(url, json={"amount": "25.00", "reference": "ACH-9"},
                                               headers=headers, timeout=30))
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409], [a.text for a in answers]
    assert all(list(a.json()["error"]["fields"]) == ["reference"] for a in answers if a.status_code == 409)
    assert count(app, Payment) == 1
