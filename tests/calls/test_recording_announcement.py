"""With recording on, a customer in an all-party-consent state always hears the recording
announcement first; the admin's announce_recording off skips it only elsewhere."""
import pytest
from twilio.request_validator import RequestValidator

from desk import settings
from desk.compliance.recording import ALL_PARTY_CONSENT_STATES
from desk.extensions import db
from models import Account
from telephony.voice import RECORDING_NOTICE
from tests.helpers import MOBILE, settle

TOKEN = "0123456789abcdef0123456789abcdef"
SOFTPHONE = {"TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_API_KEY_SID": "SK" + "2" * 32,
             "TWILIO_API_KEY_SECRET": "s" * 32, "TWILIO_TWIML_APP_SID": "AP" + "3" * 32,
             "TWILIO_FROM_NUMBER": "+15005550099", "PUBLIC_BASE_URL": "http://desk.test"}
OTHER_STATES = ["TX", "NY", "GA", "AZ", "OH"]


def signed_post(client, path, form):
    signature = RequestValidator(TOKEN).compute_signature("http://desk.test" + path, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature})


def configure(app, account, state, **values):
    with app.app_context():
        db.session.get(Account, account).state = state
        settings.change(values)
        db.session.commit()


def customer_hears(app, api, client, account) -> str:
    """Place a call from the browser, then answer the customer's leg as Twilio would: the TwiML."""
    app.config.update(SOFTPHONE)
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "browser"})
    assert placed.status_code == 201, placed.json
    answer = signed_post(client, f"/webhooks/twilio/voice/screen/{placed.json['id']}",
                         {"CallSid": "CA" + "7" * 32, "AnsweredBy": "human"})
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_the_list_is_the_twelve_states():
    assert sorted(ALL_PARTY_CONSENT_STATES) == sorted(
        ["CA", "CT", "DE", "FL", "IL", "MD", "MA", "MT", "NV", "NH", "PA", "WA"])


@pytest.mark.parametrize("state", ALL_PARTY_CONSENT_STATES)
def test_all_party_states_always_hear_the_announcement(app, api, client, account, open_hours, state):
    configure(app, account, state, record_calls=True, announce_recording=False)
    assert RECORDING_NOTICE in customer_hears(app, api, client, account)


@pytest.mark.parametrize("state", OTHER_STATES)
def test_elsewhere_the_admin_may_skip_it(app, api, client, account, open_hours, state):
    configure(app, account, state, record_calls=True, announce_recording=False)
    assert RECORDING_NOTICE not in customer_hears(app, api, client, account)


@pytest.mark.parametrize("state", OTHER_STATES[:2])
def test_elsewhere_it_is_on_by_default(app, api, client, account, open_hours, state):
    configure(app, account, state, record_calls=True)
    assert RECORDING_NOTICE in customer_hears(app, api, client, account)


@pytest.mark.parametrize("state", ["CA", "TX"])
def test_no_announcement_when_nothing_is_recorded(app, api, client, account, open_hours, state):
    configure(app, account, state, record_calls=False)
    assert RECORDING_NOTICE not in customer_hears(app, api, client, account)


def test_through_the_simulator_a_california_customer_hears_it(app, api, account, sim):
    configure(app, account, "CA", record_calls=True, announce_recording=False)
    sim.script(MOBILE, call="answer", talk_seconds=20)
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone"})
    assert placed.status_code == 201, placed.json
    settle(sim)
    screen = sim.deliveries("/voice/screen/")
    assert screen and screen[0]["status"] == 200


def test_the_settings_page_explains_the_setting(app, client, auth):
    auth.login("admin@test.local")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "Announce recording" in page
    assert "customers there always hear it" in page and ", ".join(ALL_PARTY_CONSENT_STATES) in page
