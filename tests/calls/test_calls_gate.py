"""Every call passes the compliance gate first; a refusal names the rule and sends nothing."""
from datetime import UTC, datetime

import pytest

from desk import settings
from desk.extensions import db
from models import Account, Activity, Call, Disposition, Phone, User
from tests.helpers import HOME, MOBILE, closed_contact_hours, load_call


def at(hour_utc: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 25, hour_utc, minute, tzinfo=UTC)


def call_url(account):
    return f"/api/v1/accounts/{account}/calls"


def nothing_sent(sim) -> bool:
    return not sim.world.calls


def past_calls(app, account, count):
    with app.app_context():
        for _ in range(count):
            db.session.add(Call(account_id=account, direction="outbound", via="phone", status="completed"))
        db.session.commit()


def test_outside_contact_hours_is_refused(app, api, account, sim):
    with app.app_context():
        settings.change(closed_contact_hours())
        db.session.commit()
    answer = api.post(call_url(account), json={"via": "phone"})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "contact_hours"
    assert answer.json["error"]["fields"]["rule"] == ["contact_hours"]
    assert nothing_sent(sim)


def test_contact_hours_with_a_given_time(app, account, users):
    from desk.calls.outbound import start_call
    from desk.compliance.gate import Refused

    with app.app_context():
        acct, collector = db.session.get(Account, account), db.session.get(User, users["collector"])
        with pytest.raises(Refused) as refused:
            start_call(acct, {"via": "phone"}, collector, now=at(13, 59))  # 7:59 in Dallas
        assert refused.value.rule == "contact_hours" and refused.value.next_allowed == at(14)
        assert db.session.execute(db.select(Call)).first() is None


def test_call_opt_out_is_refused_even_for_an_admin(app, admin_api, account, sim):
    with app.app_context():
        phone = db.session.execute(db.select(Phone).where(Phone.number == MOBILE)).scalar_one()
        phone.call_opted_out_at, phone.call_opt_out_how = at(1), "customer asked on a call"
        db.session.commit()
    answer = admin_api.post(call_url(account), json={"to": MOBILE, "override_reason": "please"})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "call_opt_out"
    assert nothing_sent(sim)


def test_attempts_limit_names_when_it_lifts(app, api, account, sim):
    past_calls(app, account, 7)
    answer = api.post(call_url(account), json={"via": "phone"})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "call_attempts"
    assert answer.json["error"]["fields"]["next_allowed_at"]
    assert nothing_sent(sim)


def test_a_collector_cannot_override(app, api, account, sim):
    past_calls(app, account, 7)
    answer = api.post(call_url(account), json={"override_reason": "I really need to"})
    assert answer.status_code == 403 and nothing_sent(sim)


def test_admin_override_is_logged_on_the_account(app, admin_api, account, sim):
    past_calls(app, account, 7)
    sim.script("+15005550006", call="no-answer")  # the admin's own phone
    answer = admin_api.post(call_url(account), json={"to": HOME, "override_reason": "Customer asked for a call back"})
    assert answer.status_code == 201, answer.json
    call = load_call(app, answer.json["id"])
    assert call.override_reason == "Customer asked for a call back" and call.to_number == HOME
    timeline = admin_api.get(f"/api/v1/accounts/{account}/activities?type=system").json["items"]
    assert "Customer asked for a call back" in timeline[0]["notes"] and timeline[0]["call_id"] == call.id


def test_cooldown_after_a_conversation_and_its_override(app, api, admin_api, account, sim):
    with app.app_context():
        spoke = db.session.execute(db.select(Disposition).where(Disposition.name == "Spoke to Customer")).scalar_one()
        db.session.add(Activity(account_id=account, type="call", disposition=spoke))
        db.session.commit()
    answer = api.post(call_url(account), json={})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "call_cooldown"
    assert admin_api.post(call_url(account), json={"override_reason": "Dispute"}).status_code == 201


def test_an_override_that_is_not_needed_is_not_logged(app, admin_api, account, sim):
    answer = admin_api.post(call_url(account), json={"override_reason": "just because"})
    assert answer.status_code == 201 and load_call(app, answer.json["id"]).override_reason is None


def test_contact_hours_cannot_be_overridden(app, admin_api, account, sim):
    with app.app_context():
        settings.change(closed_contact_hours())
        db.session.commit()
    answer = admin_api.post(call_url(account), json={"override_reason": "urgent"})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "contact_hours"


@pytest.mark.parametrize("body, status, field", [
    ({"via": "fax"}, 422, "via"),
    ({"to": "+19995550100"}, 422, "to"),
    ({"to": "not a number"}, 422, "to"),
    ({"voicemail_drop": "http://insecure.example/drop.mp3"}, 422, "voicemail_drop"),
    ({"surprise": 1}, 422, "surprise"),
    ({"via": "browser"}, 409, None),
])
def test_bad_requests(api, account, sim, body, status, field):
    answer = api.post(call_url(account), json=body)
    assert answer.status_code == status, answer.json
    if field:
        assert field in answer.json["error"]["fields"]
    assert nothing_sent(sim)


def test_not_json_unknown_account_and_no_login(client, api, account, sim):
    assert api.post(call_url(account), data="x").status_code == 422
    assert api.post(call_url(99999), json={}).status_code == 404
    assert client.post(call_url(account), json={}).status_code == 401


def test_a_collector_without_a_phone(app, api, account, users, sim):
    with app.app_context():
        db.session.get(User, users["collector"]).phone = None
        db.session.commit()
    answer = api.post(call_url(account), json={"via": "phone"})
    assert answer.status_code == 422 and "via" in answer.json["error"]["fields"]


def test_twilio_down_marks_the_call_failed(app, api, account, sim):
    sim.fault("rest_500", times=2)
    answer = api.post(call_url(account), json={})
    assert answer.status_code == 503
    with app.app_context():
        call = db.session.execute(db.select(Call)).scalar_one()
        assert call.status == "failed" and call.ended_at is not None and not call.prompt_pending
