"""The browser softphone: its token, and the TwiML App's request for a call the console started."""
import time

import jwt
import pytest
from twilio.request_validator import RequestValidator

from tests.helpers import MOBILE, OUR_NUMBER, load_call

TOKEN = "0123456789abcdef0123456789abcdef"
SOFTPHONE = {"TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_API_KEY_SID": "SK" + "2" * 32,
             "TWILIO_API_KEY_SECRET": "s" * 32, "TWILIO_TWIML_APP_SID": "AP" + "3" * 32,
             "TWILIO_FROM_NUMBER": OUR_NUMBER, "PUBLIC_BASE_URL": "http://desk.test"}


@pytest.fixture
def softphone_on(app, open_hours):
    app.config.update(SOFTPHONE)


def signed_post(client, path, form):
    url = "http://desk.test" + path
    signature = RequestValidator(TOKEN).compute_signature(url, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature})


def test_softphone_off_without_api_key(api, client, auth):
    answer = api.get("/api/v1/voice-token")
    assert answer.status_code == 409 and answer.json["error"]["code"] == "softphone_off"
    auth.login()
    page = client.get("/accounts")
    assert page.status_code == 200


def test_softphone_off_hides_the_browser_option(client, auth, account):
    auth.login()
    page = client.get(f"/accounts/{account}").data
    assert b'id="phone-call"' in page and b'value="browser"' not in page and b"twilio-voice" not in page


def test_voice_token_names_the_user(api, users, softphone_on, client, auth, account):
    answer = api.get("/api/v1/voice-token")
    assert answer.status_code == 200 and answer.json["identity"] == f"user-{users['collector']}"
    claims = jwt.decode(answer.json["token"], "s" * 32, algorithms=["HS256"])
    assert claims["grants"]["identity"] == f"user-{users['collector']}"
    assert claims["grants"]["voice"]["outgoing"]["application_sid"] == SOFTPHONE["TWILIO_TWIML_APP_SID"]
    assert claims["exp"] - time.time() <= 600
    assert answer.json["device_options"] == {}  # Twilio itself: the SDK's defaults
    auth.login()
    assert b'value="browser"' in client.get(f"/accounts/{account}").data


def test_voice_token_lasts_the_configured_time(app, api, softphone_on):
    app.config["SOFTPHONE_TOKEN_TTL"] = 45
    answer = api.get("/api/v1/voice-token")
    claims = jwt.decode(answer.json["token"], "s" * 32, algorithms=["HS256"])
    assert answer.json["ttl"] == 45 and 40 <= claims["exp"] - time.time() <= 45


def test_browser_call_dials_the_customer(app, api, client, account, users, softphone_on):
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "browser"})
    assert placed.status_code == 201 and placed.json["via"] == "browser"
    form = {"CallSid": "CA" + "4" * 32, "From": f"client:user-{users['collector']}", "To": "",
            "CallStatus": "ringing", "call_id": str(placed.json["id"])}
    answer = signed_post(client, "/webhooks/twilio/voice", form)
    assert answer.status_code == 200 and b"<Dial" in answer.data and MOBILE.encode() in answer.data
    assert f'callerId="{OUR_NUMBER}"'.encode() in answer.data and b'answerOnBridge="true"' in answer.data
    assert load_call(app, placed.json["id"]).twilio_sid == form["CallSid"]


def test_browser_call_of_someone_else_is_refused(app, api, client, account, users, softphone_on):
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "browser"})
    form = {"CallSid": "CA" + "5" * 32, "From": f"client:user-{users['other']}", "call_id": str(placed.json["id"])}
    answer = signed_post(client, "/webhooks/twilio/voice", form)
    assert answer.status_code == 200 and b"<Hangup" in answer.data and b"<Dial" not in answer.data


@pytest.mark.parametrize("path, form", [
    ("/webhooks/twilio/voice", {"call_id": "abc", "From": "client:user-x"}),
    ("/webhooks/twilio/voice", {}),
    ("/webhooks/twilio/voice/status", {}),
    ("/webhooks/twilio/voice/status", {"CallSid": "CAnope", "CallStatus": "completed", "SequenceNumber": "x"}),
    ("/webhooks/twilio/voice/bridge/999", {"CallSid": "CA1"}),
    ("/webhooks/twilio/voice/dial-action/999", {"DialCallStatus": "completed", "DialCallDuration": "x"}),
    ("/webhooks/twilio/voice/screen/999", {"AnsweredBy": "machine_start"}),
    ("/webhooks/twilio/voice/recording/999", {"RecordingSid": "RE1"}),
    ("/webhooks/twilio/voice/voicemail/999", {}),
])
def test_odd_webhooks_never_fail(client, softphone_on, path, form):
    assert signed_post(client, path, form).status_code in (200, 204)


def test_odd_values_on_a_real_call(app, api, client, account, softphone_on):
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "browser"}).json
    long = "x" * 300
    for form in ({"CallSid": "CA" + "6" * 32, "CallStatus": "completed", "SequenceNumber": "zz", "CallDuration": "x"},
                 {"DialCallStatus": "completed", "DialCallDuration": "many"},
                 {"CallSid": long, "CallStatus": long, "AnsweredBy": long, "DialCallStatus": long,
                  "DialCallSid": long, "RecordingSid": long, "RecordingUrl": long}):
        for path in (f"/webhooks/twilio/voice/status?call_id={placed['id']}",
                     f"/webhooks/twilio/voice/dial-action/{placed['id']}",
                     f"/webhooks/twilio/voice/screen/{placed['id']}",
                     f"/webhooks/twilio/voice/recording/{placed['id']}",
                     "/webhooks/twilio/voice"):
            assert signed_post(client, path, form).status_code in (200, 204)


def test_inbound_rings_the_assigned_collector_on_one_device(app, api, client, account, users, softphone_on):
    """By phone while they call by phone; by the softphone once they call by browser with their
    console open (tests/calls/test_calls_routing.py has every stage and presence)."""
    form = {"CallSid": "CA" + "7" * 32, "From": MOBILE, "To": OUR_NUMBER, "CallStatus": "ringing"}
    answer = signed_post(client, "/webhooks/twilio/voice", form)
    assert b"<Client" not in answer.data and b"+15005550007</Number>" in answer.data
    assert b"stage=assigned" in answer.data
    api.patch("/api/v1/me", json={"call_via": "browser"})
    api.post("/api/v1/me/heartbeat")
    form["CallSid"] = "CA" + "6" * 32
    answer = signed_post(client, "/webhooks/twilio/voice", form)
    assert f"<Identity>user-{users['collector']}</Identity>".encode() in answer.data and b"</Number>" not in answer.data
    assert f'<Parameter name="desk_call_sid" value="{form["CallSid"]}" />'.encode() in answer.data


def test_huge_ids_are_not_found(api, client, account, softphone_on):
    huge = 2**70
    assert api.get(f"/api/v1/calls/{huge}").status_code == 404
    assert api.post(f"/api/v1/calls/{huge}/link", json={"account_id": account}).status_code == 404
    assert api.post("/api/v1/calls/unmatched", json={}).status_code == 405
    assert api.post(f"/api/v1/accounts/{account}/activities", json={"call_id": huge, "notes": "x"}).status_code == 422
    for path in (f"/webhooks/twilio/voice/bridge/{huge}", f"/webhooks/twilio/voice/dial-action/{huge}",
                 f"/webhooks/twilio/voice/status?call_id={huge}"):
        response = signed_post(client, path, {"CallSid": "CA" + "8" * 32, "CallStatus": "completed"})
        assert response.status_code in (200, 204)


def test_the_ringing_call_names_its_account(client, api, account, softphone_on):
    parent = "CA" + "9" * 32
    signed_post(client, "/webhooks/twilio/voice", {"CallSid": parent, "From": MOBILE, "To": OUR_NUMBER,
                                                   "CallStatus": "ringing"})
    answer = api.get(f"/api/v1/calls/ringing/{parent}")
    assert answer.status_code == 200
    assert answer.json == {"call_id": answer.json["call_id"], "account_id": account, "account_number": "A-1001",
                           "customer": "Maria Garcia", "number": MOBILE}


def test_an_unknown_caller_rings_with_no_account(client, api, softphone_on):
    parent = "CA" + "a" * 32
    signed_post(client, "/webhooks/twilio/voice", {"CallSid": parent, "From": "+12145559999", "To": OUR_NUMBER,
                                                   "CallStatus": "ringing"})
    answer = api.get(f"/api/v1/calls/ringing/{parent}")
    assert answer.status_code == 200 and answer.json["account_id"] is None and answer.json["customer"] is None
    assert answer.json["number"] == "+12145559999"


@pytest.mark.parametrize("sid", ["CA" + "b" * 32, "nonsense", "x" * 300])
def test_no_ringing_call_is_not_found(api, softphone_on, sid):
    assert api.get(f"/api/v1/calls/ringing/{sid}").status_code == 404


def test_the_ringing_call_needs_a_login(client, softphone_on):
    assert client.get("/api/v1/calls/ringing/CA" + "9" * 32).status_code == 401


def test_under_the_simulator_the_sdk_signals_to_it(app, api, client, softphone_on):
    app.config["TWILIO_VOICE_SIGNALLING_HOST"] = "127.0.0.1:4433"
    answer = api.get("/api/v1/voice-token")
    assert answer.json["device_options"] == {"chunderw": ["127.0.0.1:4433"], "publishEvents": False}
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "wss://127.0.0.1:4433" in policy.split("connect-src", 1)[1].split(";")[0]


def test_with_twilio_the_policy_names_no_local_socket(client, softphone_on):
    assert "wss://127.0.0.1" not in client.get("/login").headers["Content-Security-Policy"]
