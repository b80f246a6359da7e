"""A customer's request to stop calling a number, recorded per phone by whoever hears it (API,
console): the consent ledger keeps each change, and the gate then refuses a call to the number."""
import pytest

from desk.extensions import db
from models import Activity, Call, ConsentEvent, Phone
from tests.helpers import HOME, MOBILE, PASSWORD

SAID = "Stop calling me at this number."


def opt_out_url(account, phone_id):
    return f"/api/v1/accounts/{account}/phones/{phone_id}/call-opt-out"


def phone_of(api, account, number=MOBILE) -> dict:
    return next(p for p in api.get(f"/api/v1/accounts/{account}").json["phones"] if p["number"] == number)


def ledger(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(db.select(ConsentEvent.action, ConsentEvent.how, ConsentEvent.phone_number,
                                            ConsentEvent.words).where(ConsentEvent.channel == "call")
                                  .order_by(ConsentEvent.id)).all()


def calls(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Call.id)))


def test_a_collector_records_it_and_the_gate_refuses_the_number(app, api, account, sim, users):
    phone = phone_of(api, account)
    assert phone["call_opt_out"] is False and phone["call_opted_out_at"] is None and phone["call_opt_out_how"] is None
    answer = api.post(opt_out_url(account, phone["id"]), json={"opted_out": True, "how": "verbal", "words": SAID})
    assert answer.status_code == 200, answer.json
    assert answer.json["call_opt_out"] is True and answer.json["call_opt_out_how"] == "verbal"
    assert answer.json["call_opted_out_at"]
    refused = api.post(f"/api/v1/accounts/{account}/calls", json={"to": MOBILE})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "call_opt_out"
    assert "verbally on a call" in refused.json["error"]["message"]
    assert calls(app) == 0 and not sim.world.calls
    assert ledger(app) == [("opt_out", "verbal", MOBILE, SAID)]
    with app.app_context():
        event = db.session.execute(db.select(ConsentEvent).where(ConsentEvent.channel == "call")).scalar_one()
        assert (event.account_id, event.by_user_id) == (account, users["collector"])
        notes = db.session.execute(db.select(Activity.notes).where(Activity.account_id == account)).scalars().all()
        assert any("Calls to (214) 555-0101 are off" in n and SAID in n for n in notes)
    assert phone_of(api, account, HOME)["call_opt_out"] is False  # the other phone is untouched


def test_recording_it_again_adds_nothing(app, api, account):
    phone_id = phone_of(api, account)["id"]
    first = api.post(opt_out_url(account, phone_id), json={"opted_out": True, "how": "written"})
    again = api.post(opt_out_url(account, phone_id), json={"opted_out": True, "how": "in_person"})
    assert first.status_code == again.status_code == 200
    assert again.json["call_opt_out_how"] == "written"  # the first request stands
    assert ledger(app) == [("opt_out", "written", MOBILE, None)]


def test_a_collector_cannot_allow_calls_again(app, api, account):
    phone_id = phone_of(api, account)["id"]
    api.post(opt_out_url(account, phone_id), json={"opted_out": True, "how": "text"})
    answer = api.post(opt_out_url(account, phone_id), json={"opted_out": False, "how": "verbal"})
    assert answer.status_code == 403 and "opted_out" in answer.json["error"]["fields"]
    assert phone_of(api, account)["call_opt_out"] is True
    assert [row[0] for row in ledger(app)] == ["opt_out"]


def test_an_admin_allows_calls_again_and_the_gate_lets_the_call_through(app, api, admin_api, account, sim):
    phone_id = phone_of(api, account)["id"]
    api.post(opt_out_url(account, phone_id), json={"opted_out": True, "how": "verbal"})
    answer = admin_api.post(opt_out_url(account, phone_id),
                            json={"opted_out": False, "how": "written", "words": "Letter: please call me again."})
    assert answer.status_code == 200, answer.json
    assert answer.json["call_opt_out"] is False and answer.json["call_opted_out_at"] is None
    assert [row[0] for row in ledger(app)] == ["opt_out", "opt_in"]
    sim.script(MOBILE, call="answer", talk_seconds=5)
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"to": MOBILE, "via": "phone"})
    assert placed.status_code == 201, placed.json
    assert sim.wait_until(sim.idle, timeout=20)


@pytest.mark.parametrize("body, field", [
    ({"opted_out": True}, "how"),
    ({"opted_out": True, "how": "smoke signal"}, "how"),
    ({"opted_out": True, "how": "dms_import"}, "how"),  # only the import says that
    ({"how": "verbal"}, "opted_out"),
    ({"opted_out": "perhaps", "how": "verbal"}, "opted_out"),
    ({"opted_out": True, "how": "verbal", "words": "x" * 1601}, "words"),
    ({"opted_out": True, "how": "verbal", "extra": 1}, "extra"),
])
def test_bad_input_names_the_field(app, api, account, body, field):
    answer = api.post(opt_out_url(account, phone_of(api, account)["id"]), json=body)
    assert answer.status_code == 422 and field in answer.json["error"]["fields"], answer.json
    assert ledger(app) == []


def test_a_phone_not_on_the_account_is_not_found(app, api, account):
    assert api.post(opt_out_url(account, 999999), json={"opted_out": True, "how": "verbal"}).status_code == 404
    assert api.post(opt_out_url(999999, 1), json={"opted_out": True, "how": "verbal"}).status_code == 404
    assert ledger(app) == []


def phone_id_of(app, number=MOBILE) -> int:
    with app.app_context():
        return db.session.execute(db.select(Phone.id).where(Phone.number == number)).scalar_one()


def test_the_account_page_stops_calls_and_the_phone_call_window_marks_the_number(app, auth, client, account):
    auth.login()
    page = client.get(f"/accounts/{account}?tab=details").get_data(as_text=True)
    assert "Stop calling (214) 555-0101" in page and "Allow calls again" not in page
    url = f"/accounts/{account}/phones/{phone_id_of(app)}/call-opt-out"
    answer = client.post(url, data={"opted_out": "1", "how": "in_person", "words": SAID})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("tab=details")
    assert ledger(app) == [("opt_out", "in_person", MOBILE, SAID)]
    page = client.get(f"/accounts/{account}?tab=details").get_data(as_text=True)
    assert "asked not to be called" in page and "in person" in page
    assert "Allow calls again" not in page  # a collector cannot take it back
    window = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert 'disabled>(214) 555-0101 (mobile) - asked not to be called</option>' in window


def test_a_refused_form_keeps_what_was_typed_with_the_reason(app, auth, client, account):
    auth.login()
    url = f"/accounts/{account}/phones/{phone_id_of(app)}/call-opt-out"
    answer = client.post(url, data={"opted_out": "1", "how": "carrier pigeon", "words": SAID})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert f'value="{SAID}"' in page and 'aria-invalid="true"' in page
    assert f'id="call-opt-out-{phone_id_of(app)}-how-error"' in page
    assert ledger(app) == []


def test_an_admin_allows_calls_again_from_the_account_page(app, auth, client, account):
    url = f"/accounts/{account}/phones/{phone_id_of(app)}/call-opt-out"
    auth.login()
    client.post(url, data={"opted_out": "1", "how": "verbal"})
    refused = client.post(url, data={"opted_out": "0", "how": "written"})
    assert refused.status_code == 422 and "Only an admin can allow calls again." in refused.get_data(as_text=True)
    auth.logout()
    auth.login("admin@test.local", PASSWORD)
    page = client.get(f"/accounts/{account}?tab=details").get_data(as_text=True)
    assert "Allow calls again (214) 555-0101" in page
    assert client.post(url, data={"opted_out": "0", "how": "written"}).status_code == 302
    assert [row[0] for row in ledger(app)] == ["opt_out", "opt_in"]
    window = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert "(214) 555-0101 (mobile)</option>" in window and "- asked not to be called</option>" not in window


def test_logging_a_call_records_the_request_to_stop_calling(app, auth, client, account, users):
    auth.login()
    page = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert "Customer asked to stop calling" in page
    answer = client.post(f"/accounts/{account}/activities",
                         data={"type": "call", "notes": SAID, "stop_calling": MOBILE})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert ledger(app) == [("opt_out", "verbal", MOBILE, SAID)]
    with app.app_context():
        assert db.session.execute(db.select(Activity).where(Activity.account_id == account, Activity.type == "call",
                                                            Activity.notes == SAID)).scalar_one()
    page = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert f'<option value="{MOBILE}" >' not in page and f'<option value="{HOME}" >' in page


def test_an_activity_naming_another_number_to_stop_calling_is_refused_whole(app, api, account):
    answer = api.post(f"/api/v1/accounts/{account}/activities",
                      json={"type": "call", "notes": "Asked us to stop", "stop_calling": "+12145559999"})
    assert answer.status_code == 422 and "stop_calling" in answer.json["error"]["fields"]
    assert api.post(f"/api/v1/accounts/{account}/activities",
                    json={"type": "call", "notes": "x", "stop_calling": "not a number"}).status_code == 422
    assert ledger(app) == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Activity.id)).where(Activity.account_id == account)) == 0
    answer = api.post(f"/api/v1/accounts/{account}/activities",
                      json={"type": "call", "notes": "Stop calling my home phone.", "stop_calling": HOME})
    assert answer.status_code == 201, answer.json
    assert ledger(app) == [("opt_out", "verbal", HOME, "Stop calling my home phone.")]
