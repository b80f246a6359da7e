"""A voicemail drop is a prerecorded message: it goes only to a phone whose owner consented to
those, recorded per phone in the consent ledger (API, console, and the gate that refuses)."""
import pytest

from desk.extensions import db
from models import Activity, Call, ConsentEvent, Phone
from tests.helpers import HOME, MOBILE, give_prerecorded_consent, load_call, settle

DROP = "Hi, this is Acme Auto. Please call us back."


def consent_url(account, phone_id):
    return f"/api/v1/accounts/{account}/phones/{phone_id}/prerecorded-consent"


def phone_ids(api, account) -> dict:
    return {p["number"]: p for p in api.get(f"/api/v1/accounts/{account}").json["phones"]}


def calls(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Call.id)))


@pytest.mark.parametrize("drop", [DROP, "https://example.com/drops/reminder.mp3"])
def test_a_drop_without_consent_is_refused_and_nothing_is_placed(app, api, account, sim, drop):
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", "voicemail_drop": drop})
    assert answer.status_code == 409, answer.json
    error = answer.json["error"]
    assert error["code"] == "no_prerecorded_consent" and "voicemail_drop" in error["fields"]
    assert calls(app) == 0 and not sim.world.calls


def test_consent_on_another_phone_does_not_count(app, api, account, sim):
    give_prerecorded_consent(app, account, HOME)
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={"to": MOBILE, "voicemail_drop": DROP})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "no_prerecorded_consent"
    assert calls(app) == 0 and not sim.world.calls


def test_a_call_without_a_drop_needs_no_consent(app, api, account, sim):
    sim.script(MOBILE, call="answer", talk_seconds=5)
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", "amd": True})
    assert answer.status_code == 201, answer.json
    settle(sim)


def test_consent_given_through_the_api_lets_the_drop_through_the_simulator(app, api, account, sim, users):
    phone = phone_ids(api, account)[MOBILE]
    assert phone["prerecorded_consent"] is False and phone["prerecorded_consent_at"] is None
    answer = api.post(consent_url(account, phone["id"]), json={"given": True, "how": "verbal"})
    assert answer.status_code == 200, answer.json
    assert answer.json["prerecorded_consent"] is True and answer.json["prerecorded_consent_how"] == "verbal"
    assert answer.json["prerecorded_consent_at"]
    sim.script(MOBILE, call="voicemail", talk_seconds=30)
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", "voicemail_drop": DROP})
    assert placed.status_code == 201, placed.json
    settle(sim)
    call = load_call(app, placed.json["id"])
    assert call.voicemail_dropped and call.voicemail_drop == DROP
    with app.app_context():
        event = db.session.execute(db.select(ConsentEvent).where(ConsentEvent.channel == "automated")).scalar_one()
        assert (event.action, event.how, event.phone_number, event.account_id, event.by_user_id) == (
            "opt_in", "verbal", MOBILE, account, users["collector"])
        notes = db.session.execute(db.select(Activity.notes).where(Activity.account_id == account)).scalars().all()
        assert any("Consent to prerecorded messages" in n and "given (verbally)" in n for n in notes)


def test_withdrawn_consent_refuses_the_drop_again(app, api, account, sim):
    give_prerecorded_consent(app, account)
    phone = phone_ids(api, account)[MOBILE]
    assert phone["prerecorded_consent"] is True
    answer = api.post(consent_url(account, phone["id"]), json={"given": False, "how": "text"})
    assert answer.status_code == 200 and answer.json["prerecorded_consent"] is False
    refused = api.post(f"/api/v1/accounts/{account}/calls", json={"voicemail_drop": DROP})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "no_prerecorded_consent"
    with app.app_context():
        actions = db.session.execute(db.select(ConsentEvent.action).where(ConsentEvent.channel == "automated")
                                     .order_by(ConsentEvent.id)).scalars().all()
        assert actions == ["opt_in", "opt_out"]


@pytest.mark.parametrize("body, field", [
    ({"given": True}, "how"),
    ({"given": True, "how": "carrier pigeon"}, "how"),
    ({"how": "verbal"}, "given"),
    ({"given": "maybe", "how": "verbal"}, "given"),
])
def test_bad_consent_input_names_the_field(app, api, account, body, field):
    phone = phone_ids(api, account)[MOBILE]
    answer = api.post(consent_url(account, phone["id"]), json=body)
    assert answer.status_code == 422 and field in answer.json["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ConsentEvent.id))) == 0


def test_a_phone_of_another_account_is_not_found(app, api, account):
    assert api.post(consent_url(account, 999999), json={"given": True, "how": "verbal"}).status_code == 404


def test_the_account_page_records_and_withdraws_consent(app, auth, client, account):
    auth.login()
    with app.app_context():
        phone_id = db.session.execute(db.select(Phone.id).where(Phone.number == MOBILE)).scalar_one()
    page = client.get(f"/accounts/{account}?tab=details").get_data(as_text=True)
    assert "Record consent for (214) 555-0101" in page
    url = f"/accounts/{account}/phones/{phone_id}/prerecorded-consent"
    answer = client.post(url, data={"given": "1", "how": "credit_application"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("tab=details")
    with app.app_context():
        phone = db.session.get(Phone, phone_id)
        assert phone.prerecorded_consent and phone.prerecorded_consent_how == "credit_application"
    page = client.get(f"/accounts/{account}?tab=details").get_data(as_text=True)
    assert "Withdraw consent for (214) 555-0101" in page and "credit application" in page
    client.post(url, data={"given": "0", "how": "verbal"})
    with app.app_context():
        assert not db.session.get(Phone, phone_id).prerecorded_consent
    refused = client.post(url, data={"given": "1", "how": "rumour"}, follow_redirects=True)
    assert "Consent not changed" in refused.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(Phone, phone_id).prerecorded_consent


def test_the_phone_call_window_offers_the_drop_only_with_consent(app, auth, client, account):
    auth.login()
    page = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert 'data-prerecorded-consent="0"' in page and "has not consented to prerecorded messages" in page
    assert 'aria-describedby="voicemail-drop-why" disabled>' in page
    give_prerecorded_consent(app, account)
    page = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert 'aria-describedby="voicemail-drop-why">' in page


def test_an_admin_override_does_not_lift_the_consent_rule(app, admin_api, account, sim):
    answer = admin_api.post(f"/api/v1/accounts/{account}/calls",
                            json={"voicemail_drop": DROP, "override_reason": "urgent"})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "no_prerecorded_consent"
    assert calls(app) == 0 and not sim.world.calls
