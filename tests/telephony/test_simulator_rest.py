"""twilio-python itself against the simulator; the spec extract decides what is refused."""
import re

import pytest
import requests

from telephony import client
from telephony.errors import InvalidNumber, RecipientOptedOut, TwilioError, TwilioUnavailable

CUSTOMER = "+15005550001"


def raw_post(sim, resource, data, auth=None):
    """A REST request without twilio-python, to send what it never would."""
    return requests.post(f"{sim.base_url}/2010-04-01/Accounts/{sim.account_sid}/{resource}",
                         data=data, auth=auth or (sim.account_sid, sim.auth_token), timeout=5)


def test_send_message_answers_like_the_spec(app_ctx, sim, url):
    sent = client.send_message(CUSTOMER, "Your payment is due", status_callback=url("sms/status"))
    assert re.fullmatch(r"SM[0-9a-f]{32}", sent.sid) and sent.status == "queued"
    fetched = client.fetch_message(sent.sid)
    assert fetched.to == CUSTOMER and fetched.from_ == sim.from_number and fetched.body == "Your payment is due"


def test_media_urls_repeat_as_an_array(app_ctx, sim):
    sent = client.send_message(CUSTOMER, "Receipt", media_urls=["https://x.test/a.png", "https://x.test/b.png"])
    assert sent.sid.startswith("MM")
    assert sim.world.messages[sent.sid].params["MediaUrl"] == ["https://x.test/a.png", "https://x.test/b.png"]


def test_create_and_fetch_call(app_ctx, sim, url):
    placed = client.create_call("+15005550002", url("voice/bridge"), url("voice/status"),
                                ["initiated", "ringing", "answered", "completed"], machine_detection="Enable")
    assert re.fullmatch(r"CA[0-9a-f]{32}", placed.sid) and placed.status == "queued"
    assert client.fetch_call(placed.sid).sid == placed.sid


@pytest.mark.parametrize("resource, data, code", [
    ("Calls.json", {"To": "+15005550002", "From": "+15005550006", "Url": "https://x.test", "Method": "PUT"}, 20001),
    ("Calls.json", {"To": "+15005550002", "From": "+15005550006", "Url": "https://x.test", "Record": "yes"}, 20001),
    ("Calls.json", {"To": "+15005550002", "Url": "https://x.test"}, 21213),
    ("Calls.json", {"From": "+15005550006", "Url": "https://x.test"}, 21201),
    ("Messages.json", {"To": CUSTOMER, "From": "+15005550006", "Body": "x", "Colour": "red"}, 20001),
    ("Messages.json", {"From": "+15005550006", "Body": "x"}, 21604),
    ("Messages.json", {"To": CUSTOMER, "Body": "x"}, 21603),
    ("Messages.json", {"To": CUSTOMER, "From": "+15005550006"}, 21602),
    ("Messages.json", {"To": CUSTOMER, "From": "+15005550006", "Body": "x", "ContentRetention": "forever"}, 20001),
    ("Messages.json", {"To": CUSTOMER, "MessagingServiceSid": "MG123", "Body": "x"}, 20001),
    ("Messages.json", {"To": "12", "From": "+15005550006", "Body": "x"}, 21211),
])
def test_spec_refusals_have_twilios_error_shape(sim, resource, data, code):
    answer = raw_post(sim, resource, data)
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == code and body["status"] == 400
    assert body["more_info"].endswith(str(code)) and body["message"]


def test_bad_auth_and_bad_account_sid(sim):
    assert raw_post(sim, "Messages.json", {"To": CUSTOMER}, auth=(sim.account_sid, "wrong")).json()["code"] == 20003
    bad = requests.post(f"{sim.base_url}/2010-04-01/Accounts/AC123/Messages.json", data={"To": CUSTOMER},
                        auth=(sim.account_sid, sim.auth_token), timeout=5)
    assert bad.status_code == 404


def test_wrong_token_is_a_twilio_error(app_ctx):
    app_ctx.config["TWILIO_AUTH_TOKEN"] = "wrong"
    with pytest.raises(TwilioError) as refused:
        client.send_message(CUSTOMER, "hi")
    assert refused.value.twilio_code == 20003


def test_invalid_and_landline_numbers(app_ctx, sim):
    with pytest.raises(InvalidNumber) as bad:
        client.send_message("+1555", "hi")
    assert bad.value.twilio_code == 21211
    sim.script("+15005550009", sms="landline")
    with pytest.raises(InvalidNumber) as landline:
        client.send_message("+15005550009", "hi")
    assert landline.value.twilio_code == 21614


def test_rest_500_and_timeout_and_unreachable_are_unavailable(app_ctx, sim):
    sim.fault("rest_500")
    with pytest.raises(TwilioUnavailable):
        client.send_message(CUSTOMER, "hi")
    app_ctx.config["TWILIO_HTTP_TIMEOUT"] = 0.3
    sim.fault("rest_timeout", seconds=1.0)
    with pytest.raises(TwilioUnavailable):
        client.send_message(CUSTOMER, "hi")
    assert client.send_message(CUSTOMER, "hi").status == "queued"  # faults were used up
    app_ctx.config["TWILIO_API_BASE_URL"] = "http://127.0.0.1:9"  # discard port: refused
    with pytest.raises(TwilioUnavailable):
        client.send_message(CUSTOMER, "hi")


def test_stop_blocks_until_start(app_ctx, sim, receiver):
    sim.customer_sms(CUSTOMER, "stop")
    assert receiver.got("sms")[0]["OptOutType"] == "STOP"
    with pytest.raises(RecipientOptedOut) as refused:
        client.send_message(CUSTOMER, "hi")
    assert refused.value.twilio_code == 21610 and "STOP" in refused.value.message
    sim.customer_sms(CUSTOMER, "START")
    assert client.send_message(CUSTOMER, "hi").status == "queued"
    replies = [m["body"] for m in sim.world.phone_inbox if m.get("auto_reply")]
    assert "unsubscribed" in replies[0] and "re-subscribed" in replies[1]


def test_callback_url_from_public_base_url(app_ctx):
    app_ctx.config["PUBLIC_BASE_URL"] = "https://desk.example.com/"
    assert client.callback_url("webhooks.sms_status") == "https://desk.example.com/webhooks/twilio/sms/status"
