"""Contact rules by the customer's state: Massachusetts (940 CMR 7.04(1)(f)) through the one gate,
the API and the admin console."""
from datetime import UTC, datetime, timedelta

import pytest

from desk.compliance import gate
from desk.compliance.contactability import contactability, workable_now
from desk.compliance.state_rules import change_rule
from desk.extensions import db
from models import Account, Message, utcnow
from tests.helpers import (
    MA_HOME,
    MA_MOBILE,
    MA_WORK,
    MOBILE,
    called,
    massachusetts_account,
    texted,
)

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # 10am in Boston, 9am in Dallas
RULE = "Massachusetts (940 CMR 7.04(1)(f))"


@pytest.fixture
def boston(app, users):
    return massachusetts_account(app, users["collector"])


@pytest.fixture
def ma(app, boston):
    """The Massachusetts account, inside an app context."""
    with app.app_context():
        yield db.session.get(Account, boston)


def phone(account: Account, number: str):
    return next(p for p in account.phones if p.number == number)


def refusal(check, *args, **kwargs) -> gate.Refused:
    with pytest.raises(gate.Refused) as refused:
        check(*args, **kwargs)
    return refused.value


def test_calls_and_texts_to_personal_numbers_count_together_for_7_days(ma):
    called(ma.id, MA_MOBILE, NOW - timedelta(days=2))
    gate.check_sms(ma, phone(ma, MA_HOME), NOW)  # one contact: a second is allowed
    texted(ma.id, MA_HOME, NOW - timedelta(days=1))
    for check, number in ((gate.check_sms, MA_MOBILE), (gate.check_call, MA_HOME), (gate.check_call, MA_MOBILE)):
        refused = refusal(check, ma, phone(ma, number), NOW)
        assert refused.rule == "state_frequency"
        assert refused.next_allowed == NOW + timedelta(days=5)  # 7 days after the call
    assert refused.message == (f"{RULE}: 2 calls or texts in 7 days to personal numbers; "
                               "next allowed Nov 30, 10am EST.")
    gate.check_sms(ma, phone(ma, MA_MOBILE), NOW + timedelta(days=5, seconds=1))


def test_work_numbers_have_their_own_window_of_30_days(ma):
    called(ma.id, MA_WORK, NOW - timedelta(days=20))
    texted(ma.id, MA_WORK, NOW - timedelta(days=10))
    refused = refusal(gate.check_call, ma, phone(ma, MA_WORK), NOW)
    assert refused.rule == "state_frequency" and refused.next_allowed == NOW + timedelta(days=10)
    assert "2 calls or texts in 30 days to work and other numbers" in refused.message
    gate.check_call(ma, phone(ma, MA_MOBILE), NOW)  # contacts at work do not count for personal numbers
    texted(ma.id, MA_MOBILE, NOW - timedelta(days=8))
    texted(ma.id, MA_MOBILE, NOW - timedelta(days=9))  # nor personal ones for work; and 8 days ago is past 7
    gate.check_sms(ma, phone(ma, MA_MOBILE), NOW)
    gate.check_sms(ma, phone(ma, MA_WORK), NOW + timedelta(days=10, seconds=1))


def test_only_contacts_that_reached_out_to_the_customer_count(ma):
    called(ma.id, MA_MOBILE, NOW - timedelta(hours=3), status="no-answer", customer_sid=None)  # collector missed
    called(ma.id, MA_MOBILE, NOW - timedelta(hours=2), status="failed", customer_sid=None)  # Twilio never rang
    texted(ma.id, MA_MOBILE, NOW - timedelta(hours=1), status="failed", sid=None)  # refused before sending
    called(ma.id, MA_MOBILE, NOW - timedelta(days=1), status="no-answer")  # rang the customer: counts
    gate.check_call(ma, phone(ma, MA_MOBILE), NOW)
    texted(ma.id, MA_HOME, NOW - timedelta(minutes=1), status="queued", sid=None)  # on its way: counts
    assert refusal(gate.check_call, ma, phone(ma, MA_MOBILE), NOW).rule == "state_frequency"


def test_the_desks_answers_to_the_customers_own_keywords_do_not_count(ma):
    """The opt-out confirmation and the HELP answer reply to what the customer sent."""
    texted(ma.id, MA_MOBILE, NOW - timedelta(hours=2), auto_text="opt_out_confirmation")
    texted(ma.id, MA_MOBILE, NOW - timedelta(hours=1), auto_text="help")
    called(ma.id, MA_MOBILE, NOW - timedelta(days=1))
    gate.check_call(ma, phone(ma, MA_MOBILE), NOW)  # one contact counted: a second is allowed
    texted(ma.id, MA_MOBILE, NOW - timedelta(minutes=5))
    assert refusal(gate.check_call, ma, phone(ma, MA_MOBILE), NOW).rule == "state_frequency"


def test_failed_after_twilio_took_it_still_counts(ma):
    texted(ma.id, MA_MOBILE, NOW - timedelta(days=1), status="undelivered")
    texted(ma.id, MA_MOBILE, NOW - timedelta(days=2), status="failed")  # with a sid: Twilio tried
    assert refusal(gate.check_sms, ma, phone(ma, MA_MOBILE), NOW).rule == "state_frequency"


def test_counted_per_account_and_only_for_massachusetts_customers(app, users, ma, account):
    other = massachusetts_account(app, users["collector"], number="M-2", phones=("+16175550201",))
    called(other, "+16175550201", NOW - timedelta(days=1))
    texted(other, "+16175550201", NOW - timedelta(days=1))
    gate.check_call(ma, phone(ma, MA_MOBILE), NOW)  # another account's contacts do not count
    texas = db.session.get(Account, account)
    called(texas.id, MOBILE, NOW - timedelta(days=1))
    texted(texas.id, MOBILE, NOW - timedelta(days=1))
    texted(texas.id, MOBILE, NOW - timedelta(hours=1))
    gate.check_sms(texas, phone(texas, MOBILE), NOW)  # a Texas customer: no state rule


def test_switching_the_rule_off_lifts_it_and_the_limit_can_be_adjusted(ma):
    called(ma.id, MA_MOBILE, NOW - timedelta(days=1))
    called(ma.id, MA_MOBILE, NOW - timedelta(days=2))
    assert refusal(gate.check_call, ma, phone(ma, MA_MOBILE), NOW).rule == "state_frequency"
    change_rule("MA", {"personal_limit": 3})
    gate.check_call(ma, phone(ma, MA_MOBILE), NOW)
    called(ma.id, MA_MOBILE, NOW - timedelta(days=3))
    refused = refusal(gate.check_call, ma, phone(ma, MA_MOBILE), NOW)
    assert "3 calls or texts in 7 days" in refused.message
    change_rule("MA", {"personal_days": 2})
    gate.check_call(ma, phone(ma, MA_MOBILE), NOW)  # only 2 in the last 2 days
    change_rule("MA", {"personal_days": 7, "enabled": False})
    gate.check_call(ma, phone(ma, MA_MOBILE), NOW)


def test_an_override_lifts_it_for_calls_but_texts_have_none(ma):
    called(ma.id, MA_MOBILE, NOW - timedelta(days=1))
    called(ma.id, MA_MOBILE, NOW - timedelta(days=2))
    gate.check_call(ma, phone(ma, MA_MOBILE), NOW, override_reason="Customer asked us to call today")
    assert refusal(gate.check_sms, ma, phone(ma, MA_MOBILE), NOW).rule == "state_frequency"


def test_contactability_and_the_queue_see_it(app, users):
    only_phones = massachusetts_account(app, users["collector"], number="M-3", phones=(MA_MOBILE, MA_WORK),
                                        email=False)
    with app.app_context():
        ma = db.session.get(Account, only_phones)
        called(ma.id, MA_MOBILE, NOW - timedelta(days=2))
        texted(ma.id, MA_MOBILE, NOW - timedelta(days=1))
        called(ma.id, MA_WORK, NOW - timedelta(days=25))
        texted(ma.id, MA_WORK, NOW - timedelta(days=3))
        state = contactability(ma, NOW)
        for channel in ("call", "sms"):
            assert state[channel]["allowed"] is False and state[channel]["rule"] == "state_frequency"
            assert RULE in state[channel]["reason"]
            assert state[channel]["next_allowed_at"] == NOW + timedelta(days=5)  # the work window lifts later
        assert workable_now(ma, NOW) is False
        change_rule("MA", {"enabled": False})
        assert workable_now(ma, NOW) is True


@pytest.fixture
def recent_contacts(app, boston, open_hours):
    """Two contacts to the Massachusetts customer's personal numbers in the last days."""
    with app.app_context():
        called(boston, MA_MOBILE, utcnow() - timedelta(days=3))
        texted(boston, MA_HOME, utcnow() - timedelta(days=1))
        db.session.commit()
        return utcnow() - timedelta(days=3) + timedelta(days=7)


def test_a_text_refused_through_the_api_names_the_state_and_when(app, api, boston, recent_contacts):
    with app.app_context():
        before = db.session.execute(db.select(db.func.count(Message.id))).scalar()
    answer = api.post(f"/api/v1/accounts/{boston}/messages", json={"to": MA_MOBILE, "body": "Hello"})
    assert answer.status_code == 409, answer.json
    error = answer.json["error"]
    assert error["code"] == "state_frequency"
    assert error["message"].startswith(f"{RULE}: 2 calls or texts in 7 days to personal numbers; next allowed ")
    assert error["fields"]["rule"] == ["state_frequency"]
    assert "personal number" in error["fields"]["to"][0]
    lifts = datetime.fromisoformat(error["fields"]["next_allowed_at"][0])
    assert abs(lifts - recent_contacts) < timedelta(seconds=5)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Message.id))).scalar() == before
    assert api.post(f"/api/v1/accounts/{boston}/messages", json={"to": MA_WORK, "body": "Hello"}).status_code == 202


def test_a_call_refused_through_the_api_and_an_admins_override(app, api, admin_api, boston, recent_contacts, sim):
    answer = api.post(f"/api/v1/accounts/{boston}/calls", json={"to": MA_MOBILE, "via": "phone"})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "state_frequency"
    assert RULE in answer.json["error"]["message"] and answer.json["error"]["fields"]["next_allowed_at"]
    assert not sim.world.calls
    sim.script("+15005550006", call="no-answer")  # the admin's own phone
    answer = admin_api.post(f"/api/v1/accounts/{boston}/calls",
                            json={"to": MA_MOBILE, "via": "phone", "override_reason": "Customer asked for a call"})
    assert answer.status_code == 201, answer.json


def test_contactability_through_the_api(api, boston, recent_contacts):
    state = api.get(f"/api/v1/accounts/{boston}/contactability").json
    assert state["sms"]["allowed"] is True  # the work number is still open
    answer = api.get(f"/api/v1/accounts/{boston}").json
    assert {p["number"]: p["kind"] for p in answer["phones"]} == {
        MA_MOBILE: "personal", MA_HOME: "personal", MA_WORK: "work"}


def test_state_rules_api(app, api, admin_api):
    url = "/api/v1/compliance/state-rules"
    assert api.get(url).status_code == 403
    assert admin_api.get(url).json == {"items": [{
        "state": "MA", "name": "Massachusetts", "citation": "940 CMR 7.04(1)(f)", "enabled": True,
        "personal_limit": 2, "personal_days": 7, "work_limit": 2, "work_days": 30}], "next": None}
    assert api.patch(f"{url}/MA", json={"enabled": False}).status_code == 403
    answer = admin_api.patch(f"{url}/MA", json={"work_limit": 1, "personal_days": 10})
    assert answer.status_code == 200 and (answer.json["work_limit"], answer.json["personal_days"]) == (1, 10)
    answer = admin_api.patch(f"{url}/MA", json={"personal_limit": 0, "work_days": "many"})
    assert answer.status_code == 422 and set(answer.json["error"]["fields"]) == {"personal_limit", "work_days"}
    assert admin_api.patch(f"{url}/MA", json={"rule": "none"}).status_code == 422
    assert admin_api.patch(f"{url}/ZZ", json={"enabled": False}).status_code == 404
    assert admin_api.patch(f"{url}/ma", json={"enabled": False}).json["enabled"] is False
    assert admin_api.get(url).json["items"][0] == {
        "state": "MA", "name": "Massachusetts", "citation": "940 CMR 7.04(1)(f)", "enabled": False,
        "personal_limit": 2, "personal_days": 10, "work_limit": 1, "work_days": 30}


def test_admin_console_switches_and_adjusts_the_rule(app, client, auth):
    auth.login("cole@test.local")
    assert client.get("/admin/settings").status_code == 403
    assert client.post("/admin/settings/state-rules/MA", data={"enabled": "on"}).status_code == 403
    auth.logout()
    auth.login("admin@test.local")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "Massachusetts (940 CMR 7.04(1)(f))" in page and "Save the Massachusetts rule" in page
    form = {"personal_limit": "3", "personal_days": "7", "work_limit": "2", "work_days": "30"}
    answer = client.post("/admin/settings/state-rules/MA", data=form, follow_redirects=True)
    assert "Massachusetts contact rule saved (off)" in answer.get_data(as_text=True)
    refused = client.post("/admin/settings/state-rules/MA", data={**form, "enabled": "on", "work_days": "0"})
    assert refused.status_code == 422
    assert "work_days: Must be from 1 to 365." in refused.get_data(as_text=True)
    with app.app_context():
        from desk.compliance.state_rules import get_rule
        rule = get_rule("MA")
        assert (rule.enabled, rule.personal_limit, rule.work_days) == (False, 3, 30)
    client.post("/admin/settings/state-rules/MA", data={**form, "enabled": "on"})
    with app.app_context():
        assert get_rule("MA").enabled is True


@pytest.fixture
def csrf_app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_the_console_form_needs_its_csrf_token(csrf_app_config, app, users):
    from tests.helpers import PASSWORD

    client = app.test_client()
    token = client.get("/login").data.split(b'name="csrf_token" value="')[1].split(b'"')[0].decode()
    client.post("/login", data={"email": "admin@test.local", "password": PASSWORD, "csrf_token": token})
    form = {"personal_limit": "2", "personal_days": "7", "work_limit": "2", "work_days": "30"}
    assert client.post("/admin/settings/state-rules/MA", data=form).status_code == 400
    with app.app_context():
        from desk.compliance.state_rules import get_rule
        assert get_rule("MA").enabled is True
    page = client.get("/admin/settings").data
    token = page.split(b'name="csrf_token" value="')[1].split(b'"')[0].decode()
    assert client.post("/admin/settings/state-rules/MA", data={**form, "csrf_token": token}).status_code == 302
    with app.app_context():
        assert get_rule("MA").enabled is False
