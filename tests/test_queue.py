"""The work queue: the most urgent account a collector may contact now, leased to one collector
at a time; and contactability per channel."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from desk import settings
from desk.extensions import db
from models import Account, Activity, Call, Phone, Promise, QueueLease, QueueSkip, utcnow
from tests.helpers import PASSWORD, age_rows, at_once, closed_contact_hours, token_for


def post_account(api, number, assigned_to, phone="+12145550101", email=None, **extra):
    body = {"number": number, "first_name": "T", "last_name": number, "assigned_to": assigned_to,
            "address": {"line1": "1 Elm St", "city": "Dallas", "state": "TX", "zip": "75201"},
            "phones": [{"number": phone, "label": "mobile"}] if phone else [],
            "emails": [{"address": email}] if email else [], **extra}
    answer = api.post("/api/v1/accounts", json=body)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def change_settings(app, values):
    with app.app_context():
        settings.change(values)
        db.session.commit()


def next_number(api, **body):
    answer = api.post("/api/v1/queue/next", json=body)
    return answer.json["account"]["number"] if answer.status_code == 200 else answer.status_code


def add_promise(app, account_id, status, due_on):
    with app.app_context():
        db.session.add(Promise(account_id=account_id, amount=100, due_on=due_on, status=status,
                               resolved_at=utcnow() - timedelta(days=1) if status == "broken" else None))
        db.session.commit()


@pytest.fixture
def mine(users):
    return users["collector"]


def test_most_urgent_first_then_days_past_due_then_amount_due(admin_api, app, api, mine, open_hours):
    today = date.today()
    post_account(admin_api, "Q-DPD10", mine, days_past_due=10, amount_due="50.00")
    post_account(admin_api, "Q-DPD10-MORE", mine, days_past_due=10, amount_due="90.00")
    post_account(admin_api, "Q-DPD40", mine, days_past_due=40)
    follow_up = post_account(admin_api, "Q-FOLLOW", mine, days_past_due=1)
    api.post(f"/api/v1/accounts/{follow_up}/activities", json={
        "notes": "call back", "assigned_to": mine, "follow_up_on": today.isoformat()})
    add_promise(app, post_account(admin_api, "Q-BROKEN", mine), "broken", today - timedelta(days=2))
    add_promise(app, post_account(admin_api, "Q-DUE", mine), "pending", today)
    age_rows(app, Activity.created_at, 86400 * 3)  # the follow-up was set on an earlier day
    preview = api.get("/api/v1/queue").json["items"]
    assert [i["account"]["number"] for i in preview] == [
        "Q-BROKEN", "Q-FOLLOW", "Q-DUE", "Q-DPD40", "Q-DPD10-MORE", "Q-DPD10"]
    assert preview[0]["reasons"][0]["kind"] == "broken_promise"
    assert preview[2]["reasons"][0]["kind"] == "promise_due"
    assert next_number(api) == "Q-BROKEN"


def test_only_my_accounts_for_a_collector_every_account_for_an_admin(app, api, admin_api, users, open_hours):
    post_account(admin_api, "Q-OLIVE", users["other"], days_past_due=90)
    post_account(admin_api, "Q-MINE", users["collector"], days_past_due=1)
    assert [i["account"]["number"] for i in api.get("/api/v1/queue").json["items"]] == ["Q-MINE"]
    assert next_number(admin_api) == "Q-OLIVE"


def test_outside_contact_hours_only_an_account_with_email_is_workable(admin_api, app, api, mine):
    change_settings(app, closed_contact_hours())
    post_account(admin_api, "Q-PHONE", mine, days_past_due=50)
    post_account(admin_api, "Q-EMAIL", mine, email="t@example.com", days_past_due=5)
    assert next_number(api) == "Q-EMAIL"


def test_nothing_workable_is_204_saying_when(admin_api, app, api, mine):
    hours = closed_contact_hours()
    change_settings(app, hours)
    post_account(admin_api, "Q-PHONE", mine)
    answer = api.post("/api/v1/queue/next", json={})
    assert answer.status_code == 204 and answer.data == b""
    when = datetime.fromisoformat(answer.headers["X-Next-Workable-At"])
    assert when > utcnow()
    assert when.astimezone(ZoneInfo("America/Chicago")).hour == hours["contact_hours_start"]  # Dallas opens


def test_no_account_at_all_is_204_without_a_time(api, open_hours):
    answer = api.post("/api/v1/queue/next", json={})
    assert answer.status_code == 204 and "X-Next-Workable-At" not in answer.headers


def test_opted_out_phone_and_no_email_is_passed_over(admin_api, app, api, mine, open_hours):
    opted = post_account(admin_api, "Q-OPTED", mine, phone="+12145550111", days_past_due=90)
    post_account(admin_api, "Q-OK", mine, phone="+12145550112", days_past_due=1)
    with app.app_context():
        phone = db.session.execute(db.select(Phone).where(Phone.account_id == opted)).scalar_one()
        phone.sms_opted_out_at = phone.call_opted_out_at = utcnow()
        phone.sms_opt_out_how = phone.call_opt_out_how = "STOP"
        db.session.commit()
    assert next_number(api) == "Q-OK"


def test_call_limit_refuses_calls_but_texts_still_make_it_workable(admin_api, app, api, mine, open_hours):
    account_id = post_account(admin_api, "Q-CALLED", mine)
    change_settings(app, {"call_attempts_max": 1})
    with app.app_context():
        db.session.add(Call(account_id=account_id, direction="outbound", via="phone", status="completed",
                            customer_sid="CA" + "1" * 32))
        db.session.commit()
    state = api.get(f"/api/v1/accounts/{account_id}/contactability").json
    assert state["call"]["allowed"] is False and state["call"]["rule"] == "call_attempts"
    assert state["call"]["next_allowed_at"] and "call attempts" in state["call"]["reason"]
    assert state["sms"] == {"allowed": True, "rule": None, "reason": None, "next_allowed_at": None}
    assert next_number(api) == "Q-CALLED"


def test_contactability_per_channel(admin_api, app, api, mine):
    account_id = post_account(admin_api, "Q-C", mine, email="c@example.com")
    hours = closed_contact_hours()
    change_settings(app, hours)
    state = api.get(f"/api/v1/accounts/{account_id}/contactability").json
    assert state["call"]["rule"] == "contact_hours" and state["sms"]["rule"] == "contact_hours"
    assert "Outside contact hours" in state["call"]["reason"]
    opens = datetime.fromisoformat(state["call"]["next_allowed_at"])
    assert opens > utcnow() and opens.minute == 0
    assert state["email"]["allowed"] is True
    assert datetime.fromisoformat(state["customer_local_time"]).utcoffset() in (
        timedelta(hours=-5), timedelta(hours=-6))
    no_email = api.get(f"/api/v1/accounts/{post_account(admin_api, 'Q-N', mine, phone=None)}/contactability").json
    assert no_email["email"]["rule"] == "no_email" and no_email["call"]["rule"] == "no_phone"
    assert api.get("/api/v1/accounts/999999/contactability").status_code == 404


def test_accounts_worked_today_are_passed_over_unless_asked_for(admin_api, app, api, mine, open_hours):
    worked = post_account(admin_api, "Q-WORKED", mine, days_past_due=90)
    post_account(admin_api, "Q-FRESH", mine, days_past_due=1)
    api.post(f"/api/v1/accounts/{worked}/activities", json={"notes": "talked"})
    assert next_number(api) == "Q-FRESH"
    fresh = api.post("/api/v1/queue/next", json={}).json["account"]["id"]
    api.post("/api/v1/queue/release", json={"account_id": fresh})
    assert next_number(api, include_worked=True) == "Q-WORKED"


def test_asking_again_gives_the_same_account_until_i_work_it(admin_api, app, api, mine, open_hours):
    first = post_account(admin_api, "Q-1", mine, days_past_due=9)
    second = post_account(admin_api, "Q-2", mine, days_past_due=5)
    assert next_number(api) == "Q-1"
    assert next_number(api) == "Q-1"
    api.post(f"/api/v1/accounts/{first}/activities", json={"disposition": "No Answer"})
    assert next_number(api) == "Q-2"
    assert next_number(api, include_worked=True) == "Q-2"  # the one worked is not handed straight back
    with app.app_context():
        assert [lease.account_id for lease in db.session.execute(db.select(QueueLease)).scalars()] == [second]


def test_a_leased_account_is_not_handed_to_anyone_else_until_the_lease_expires(app, api, admin_api, mine,
                                                                               open_hours):
    post_account(admin_api, "Q-ONLY", mine)
    taken = api.post("/api/v1/queue/next", json={})
    assert taken.status_code == 200
    expires = datetime.fromisoformat(taken.json["lease_expires_at"])
    assert timedelta(minutes=9) < expires - utcnow() <= timedelta(minutes=10)
    assert admin_api.post("/api/v1/queue/next", json={}).status_code == 204
    assert admin_api.get("/api/v1/queue").json["items"] == []
    age_rows(app, QueueLease.expires_at, 601)
    assert next_number(admin_api) == "Q-ONLY"
    assert next_number(api) == 204  # the admin holds it now


def test_skip_needs_a_reason_logs_it_and_keeps_the_account_away_today(app, api, admin_api, mine, open_hours):
    skipped = post_account(admin_api, "Q-SKIP", mine, days_past_due=9)
    post_account(admin_api, "Q-NEXT", mine, days_past_due=1)
    assert next_number(api) == "Q-SKIP"
    refused = api.post("/api/v1/queue/skip", json={"account_id": skipped, "reason": ""})
    assert refused.status_code == 422 and "reason" in refused.json["error"]["fields"]
    assert api.post("/api/v1/queue/skip", json={"account_id": skipped}).json["error"]["fields"] == {
        "reason": ["Missing data for required field."]}
    missing = api.post("/api/v1/queue/skip", json={"account_id": 999999, "reason": "x"})
    assert missing.status_code == 404 and "account_id" in missing.json["error"]["fields"]
    assert api.post("/api/v1/queue/skip", json={"account_id": skipped, "reason": "Lawyer called"}).status_code == 204
    timeline = api.get(f"/api/v1/accounts/{skipped}/activities").json["items"]
    assert "skipped the account in the queue: Lawyer called" in timeline[0]["notes"]
    assert next_number(api) == "Q-NEXT"
    api.post(f"/api/v1/accounts/{skipped}/activities", json={"notes": "x"})  # no effect on the skip
    assert next_number(api, include_worked=True) == "Q-NEXT"
    with app.app_context():
        assert db.session.execute(db.select(QueueSkip.reason)).scalar_one() == "Lawyer called"
    assert next_number(admin_api) == "Q-SKIP"  # skipped by the collector only


def test_release_gives_the_account_back(app, api, admin_api, mine, open_hours):
    account_id = post_account(admin_api, "Q-R", mine)
    assert next_number(api) == "Q-R"
    assert admin_api.post("/api/v1/queue/release", json={"account_id": account_id}).status_code == 204
    assert next_number(admin_api) == 204  # only the holder's release counts
    assert api.post("/api/v1/queue/release", json={"account_id": account_id}).status_code == 204
    assert next_number(admin_api) == "Q-R"
    assert api.post("/api/v1/queue/release", json={}).json["error"]["fields"] == {
        "account_id": ["Missing data for required field."]}


def test_a_write_on_the_leased_account_renews_the_lease(app, api, admin_api, mine, open_hours):
    account_id = post_account(admin_api, "Q-W", mine)
    assert next_number(api) == "Q-W"
    age_rows(app, QueueLease.expires_at, 540)
    api.post(f"/api/v1/accounts/{account_id}/activities", json={"notes": "looking at the file"})
    age_rows(app, QueueLease.expires_at, 120)  # past the first lease's end, not the renewed one's
    assert next_number(admin_api) == 204


def make_admins(app, count):
    from desk.users.people import create_user

    with app.app_context():
        made = [create_user({"email": f"boss{n}@test.local", "name": f"Boss {n}", "role": "admin",
                             "password": PASSWORD, "phone": f"+1500555002{n}"}) for n in range(count)]
        db.session.commit()
        return [user.id for user in made]


@pytest.mark.parametrize("count", [2, 4])
def test_people_asking_at_the_same_moment_never_get_the_same_account(admin_api, app, api, live_server, mine, open_hours,
                                                                     count):
    for n in range(count + 1):
        post_account(admin_api, f"Q-RACE-{n}", mine, days_past_due=n)
    tokens = [token_for(app, user_id) for user_id in make_admins(app, count)]
    turn = iter(tokens)

    def ask():
        token = next(turn)
        return requests.post(f"{live_server}/api/v1/queue/next", json={}, timeout=30,
                             headers={"Authorization": f"Bearer {token}"})

    answers = at_once(count, ask)
    assert [a.status_code for a in answers] == [200] * count
    got = [a.json()["account"]["number"] for a in answers]
    assert len(set(got)) == count
    with app.app_context():
        holders = {lease.account_id: lease.user_id for lease in db.session.execute(db.select(QueueLease)).scalars()}
        assert len(holders) == count and len(set(holders.values())) == count
        numbers = {db.session.get(Account, account_id).number for account_id in holders}
        assert numbers == set(got)


def test_one_collector_in_several_tabs_at_once_gets_different_accounts(admin_api, app, api, live_server, users,
                                                                       open_hours):
    for n in range(4):
        post_account(admin_api, f"Q-TAB-{n}", users["collector"], days_past_due=n)
    token = token_for(app, users["collector"])
    answers = at_once(3, lambda: requests.post(f"{live_server}/api/v1/queue/next", json={}, timeout=30,
                                               headers={"Authorization": f"Bearer {token}"}))
    assert sorted(a.status_code for a in answers) == [200, 200, 200]
    assert len({a.json()["account"]["id"] for a in answers}) == 3
