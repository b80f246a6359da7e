"""The real Twilio Voice SDK in Chromium against the simulator's signalling and media: a call
placed with via=browser is answered by the simulated customer, audio flows both ways, digits
reach the simulated call, and hanging up ends it. Loopback only (marker `softphone`)."""
import pytest

from tests.helpers import MOBILE, inbound_audio_bytes, log_in, loopback_chromium

pytestmark = [pytest.mark.browser, pytest.mark.softphone]

CONNECT = """async ([callId, grant]) => {
  const device = new Twilio.Device(grant.token, grant.device_options);
  const call = await device.connect({params: {call_id: String(callId)}});
  window.softphoneCall = call;
  window.softphoneAccepted = false;
  call.on("accept", () => { window.softphoneAccepted = true; });
  return true;
}"""

INBOUND_BYTES = inbound_audio_bytes("window.softphoneCall")


@pytest.fixture
def softphone_page(tmp_path):
    with loopback_chromium() as [page]:
        yield page


def test_browser_call_with_the_voice_sdk(app, api, sim, live_server, softphone_page, account, tmp_path):
    page = softphone_page
    sim.script(MOBILE, call="answer", talk_seconds=3600, ring_seconds=1)
    host = sim.start_signalling(tmp_path / "certs")
    app.config.update(TWILIO_API_KEY_SID=sim.api_key_sid, TWILIO_API_KEY_SECRET=sim.api_key_secret,
                      TWILIO_TWIML_APP_SID=sim.twiml_app_sid, TWILIO_VOICE_SIGNALLING_HOST=host)
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "browser"})
    assert placed.status_code == 201
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    grant = page.evaluate("async () => (await fetch('/api/v1/voice-token')).json()")
    assert grant["device_options"] == {"chunderw": [host], "publishEvents": False}
    page.evaluate(CONNECT, [placed.json["id"], grant])
    assert sim.wait_until(lambda: page.evaluate("window.softphoneAccepted"), timeout=20)
    sid = page.evaluate("window.softphoneCall.parameters.CallSid")
    assert sim.wait_until(lambda: sim.media_stats(sid)["received_frames"] >= 50, timeout=20)
    assert sim.wait_until(lambda: page.evaluate(INBOUND_BYTES) > 2000, timeout=20)
    assert sim.media_stats(sid)["sent_frames"] >= 50
    page.evaluate("window.softphoneCall.sendDigits('42#')")
    assert sim.wait_until(lambda: sim.digits(sid) == "42#", timeout=10)
    page.evaluate("window.softphoneCall.disconnect()")
    assert sim.wait_until(lambda: sim.world.calls[sid].data["status"] == "completed", timeout=20)
