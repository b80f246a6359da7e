"""The simulator's Voice SDK signalling: token checks, registration, calls both ways, media.

A Python client plays the browser (tests/telephony/softphone_client.py). Tests that carry audio
are marked `softphone`: they run in a loopback-only network namespace (tests/softphone_netns.sh)."""
import asyncio
import io
import time
import wave

import pytest
import requests
from twilio.twiml.voice_response import Dial, VoiceResponse
from websockets.exceptions import InvalidStatus

from tests.telephony.softphone_client import Browser, token_for

CUSTOMER = "+15005550001"


@pytest.fixture
def host(sim, tmp_path):
    return sim.start_signalling(tmp_path / "certs")


def run(coro):
    return asyncio.run(coro)


async def first_answer(host: str, token: str, kind: str) -> dict:
    browser = await Browser.open(host)
    try:
        await browser.listen(token)
        return await browser.expect(kind)
    finally:
        await browser.close()


def test_certificate_files_are_private(sim, host, tmp_path):
    files = sorted((tmp_path / "certs").iterdir())
    assert [f.suffix for f in files] == [".crt", ".key"]
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in files)
    assert sim.signalling_host == host and host.startswith("127.0.0.1:")


def test_listen_with_a_good_token_is_connected(sim, host):
    connected = run(first_answer(host, token_for(sim, "user-7"), "connected"))
    assert connected["token"]["identity"] == "user-7" and 590 <= connected["token"]["ttl"] <= 600
    assert connected["region"]


def test_expired_token_is_refused(sim, host):
    error = run(first_answer(host, token_for(sim, ttl=-60), "error"))
    assert error["error"]["code"] == 31205


def test_token_signed_with_another_secret_is_refused(sim, host):
    error = run(first_answer(host, token_for(sim, secret="x" * 32), "error"))
    assert error["error"]["code"] == 31204


def test_register_then_unregister(sim, host):
    async def flow():
        browser, _ = await Browser.registered(host, token_for(sim, "user-3"))
        await browser.send("register", {"media": {"audio": True}})
        await browser.expect("ready")
        registered = sim.signalling.registered_session("user-3") is not None
        await browser.send("register", {"media": {"audio": False}})
        await browser.expect("offline")
        await browser.close()
        return registered

    assert run(flow()) is True
    assert sim.signalling.registered_session("user-3") is None


def test_calls_before_listen_are_refused(sim, host):
    async def flow():
        browser = await Browser.open(host)
        await browser.send("register", {"media": {"audio": True}})
        error = await browser.expect("error")
        await browser.close()
        return error

    assert run(flow())["error"]["code"] == 31204


def client_dial(url, identity: str) -> str:
    response = VoiceResponse()
    dial = Dial(action=url("voice/dial-action"), timeout=20)
    dial.client(identity)
    response.append(dial)
    return str(response)


def test_inbound_call_rings_the_registered_browser_and_reject_is_no_answer(sim, host, url, receiver):
    receiver.twiml["voice"] = client_dial(url, "user-4")

    async def flow():
        browser, _ = await Browser.registered(host, token_for(sim, "user-4"))
        await browser.send("register", {"media": {"audio": True}})
        await browser.expect("ready")
        await asyncio.to_thread(sim.customer_call, CUSTOMER, 30)
        invite = await browser.expect("invite")
        await browser.send("reject", {"callsid": invite["callsid"]})
        await asyncio.to_thread(sim.wait_until, sim.idle)
        await browser.close()
        return invite

    invite = run(flow())
    assert invite["parameters"]["From"] == CUSTOMER and invite["parameters"]["To"] == "client:user-4"
    assert invite["parameters"]["AccountSid"] == sim.account_sid and "m=audio" in invite["sdp"]
    assert receiver.got("voice/dial-action")[-1]["DialCallStatus"] == "no-answer"


def test_inbound_call_to_an_unregistered_identity_is_no_answer(sim, host, url, receiver):
    receiver.twiml["voice"] = client_dial(url, "user-5")
    sim.customer_call(CUSTOMER, talk_seconds=30, wait=True)
    assert receiver.got("voice/dial-action")[-1]["DialCallStatus"] == "no-answer"


def both_ways(stats: dict, frames: int) -> bool:
    return stats["received_frames"] >= frames and stats["sent_frames"] >= frames


def bridge_customer(url) -> str:
    response = VoiceResponse()
    dial = Dial(action=url("voice/dial-action"), answer_on_bridge=True)
    dial.number(CUSTOMER)
    response.append(dial)
    return str(response)


@pytest.mark.softphone
def test_outgoing_call_runs_the_twiml_app_carries_audio_and_hangs_up(sim, host, url, receiver):
    sim.script(CUSTOMER, talk_seconds=3600)
    receiver.twiml["voice"] = bridge_customer(url)

    async def flow():
        browser, _ = await Browser.registered(host, token_for(sim, "user-6"))
        answer = await browser.invite("call_id=42&To=")
        sid = answer["callsid"]
        heard = await asyncio.to_thread(sim.wait_until, lambda: both_ways(sim.media_stats(sid), 25))
        await asyncio.to_thread(sim.wait_until, lambda: browser.peer.received >= 25)
        await browser.send("dtmf", {"callsid": sid, "dtmf": "12#"})
        await asyncio.to_thread(sim.wait_until, lambda: sim.digits(sid) == "12#")
        await browser.send("hangup", {"callsid": sid})
        await asyncio.to_thread(sim.wait_until, sim.idle)
        stats = browser.peer.stats()
        await browser.close()
        return sid, heard, stats

    sid, heard, browser_stats = run(flow())
    fetched = receiver.got("voice")[0]
    assert fetched["From"] == "client:user-6" and fetched["Direction"] == "inbound" and fetched["call_id"] == "42"
    assert fetched["ApplicationSid"] == sim.twiml_app_sid and fetched["CallSid"] == sid
    assert heard and browser_stats["received_frames"] >= 25 and sim.digits(sid) == "12#"
    assert sim.world.calls[sid].data["status"] == "completed"
    assert receiver.got("voice/dial-action")[-1]["DialCallStatus"] == "completed"


@pytest.mark.softphone
def test_the_customer_hanging_up_ends_the_browser_call(sim, host, url, receiver):
    sim.script(CUSTOMER, talk_seconds=2)
    receiver.twiml["voice"] = bridge_customer(url)

    async def flow():
        browser, _ = await Browser.registered(host, token_for(sim, "user-8"))
        answer = await browser.invite("call_id=43")
        hangup = await browser.expect("hangup")
        await browser.close()
        return answer["callsid"], hangup

    sid, hangup = run(flow())
    assert hangup["callsid"] == sid
    assert sim.wait_until(lambda: sim.world.calls[sid].data["status"] == "completed")


@pytest.mark.softphone
def test_a_dev_phone_customer_calls_our_number_as_over_the_pstn(sim, host, url, receiver):
    from telephony.simulator.voice_sdk.access import customer_token

    receiver.twiml["voice"] = f'<Response><Record maxLength="3600" action="{url("voice/recorded")}"/></Response>'

    async def flow():
        browser, connected = await Browser.registered(host, customer_token(sim, CUSTOMER))
        answer = await browser.invite("")
        sid = answer["callsid"]
        await asyncio.to_thread(sim.wait_until, lambda: receiver.got("voice"))
        await asyncio.to_thread(sim.wait_until, lambda: sim.media_stats(sid)["received_frames"] >= 50)
        await browser.send("hangup", {"callsid": sid})
        await asyncio.to_thread(sim.wait_until, sim.idle)
        await browser.close()
        return connected, sid

    connected, sid = run(flow())
    assert connected["token"]["identity"] == f"customer:{CUSTOMER}"
    fetched = receiver.got("voice")[0]
    assert fetched["From"] == CUSTOMER and fetched["To"] == sim.from_number and fetched["Direction"] == "inbound"
    assert fetched["CallSid"] == sid and "ApplicationSid" not in fetched
    assert sim.world.calls[sid].data["status"] == "completed"
    assert sim.media_stats(sid)["relayed_frames"] == 0  # nobody to hear but the recording
    recorded = receiver.got("voice/recorded")[-1]
    assert int(recorded["RecordingDuration"]) >= 0 and recorded["Digits"] == "hangup"
    audio = wave.open(io.BytesIO(requests.get(recorded["RecordingUrl"], auth=(sim.account_sid, sim.auth_token),
                                              timeout=10).content))
    samples = audio.readframes(audio.getnframes())
    assert audio.getframerate() == 8000 and audio.getnframes() >= 8000  # a second or more of the caller
    assert max(abs(int.from_bytes(samples[i:i + 2], "little", signed=True)) for i in range(0, len(samples), 2)) > 1000


@pytest.mark.softphone
def test_the_dev_phone_customer_hanging_up_cancels_the_ringing_softphone(sim, host, url, receiver):
    from telephony.simulator.voice_sdk.access import customer_token

    receiver.twiml["voice"] = client_dial(url, "user-8")

    async def flow():
        collector, customer = await Browser.open(host), await Browser.open(host)
        await collector.listen(token_for(sim, "user-8"))
        await collector.expect("connected")
        await collector.send("register", {"media": {"audio": True}})
        await collector.expect("ready")
        await customer.listen(customer_token(sim, CUSTOMER))
        await customer.expect("connected")
        sid = (await customer.invite(""))["callsid"]
        invite = await collector.expect("invite")
        await customer.send("hangup", {"callsid": sid})
        cancel = await collector.expect("cancel")
        await asyncio.to_thread(sim.wait_until, sim.idle)
        for browser in (collector, customer):
            await browser.close()
        return invite, cancel

    invite, cancel = run(flow())
    assert invite["parameters"]["From"] == CUSTOMER and cancel["callsid"] == invite["callsid"]
    assert receiver.got("voice/dial-action")[-1]["DialCallStatus"] == "canceled"


def test_a_token_that_runs_out_unrenewed_ends_the_session(sim, host):
    async def flow():
        browser, connected = await Browser.registered(host, token_for(sim, "user-9", ttl=2))
        await browser.send("register", {"media": {"audio": True}})
        await browser.expect("ready")
        error = await browser.expect("error", timeout=10)
        async with asyncio.timeout(10):
            await browser.socket.wait_closed()
        return connected, error

    connected, error = run(flow())
    assert connected["token"]["ttl"] <= 2
    assert error["error"]["code"] == 31205
    assert sim.signalling.registered_session("user-9") is None


def test_a_renewed_token_keeps_the_session(sim, host):
    async def flow():
        browser, _ = await Browser.registered(host, token_for(sim, "user-10", ttl=2))
        await browser.send("register", {"media": {"audio": True}})
        await browser.expect("ready")
        await browser.listen(token_for(sim, "user-10", ttl=600))  # the SDK's updateToken
        renewed = await browser.expect("connected")
        first_expired = await asyncio.to_thread(sim.wait_until, lambda: time.time() > first_exp + 1, 10)
        await browser.send("register", {"media": {"audio": True}})
        await browser.expect("ready")  # the socket is still open and still listened
        still = sim.signalling.registered_session("user-10") is not None
        await browser.close()
        return renewed, first_expired, still

    first_exp = time.time() + 2
    renewed, first_expired, still = run(flow())
    assert renewed["token"]["ttl"] >= 590 and first_expired and still


def test_a_dropped_network_cuts_every_socket_until_restored(sim, host):
    async def flow():
        browser, _ = await Browser.registered(host, token_for(sim, "user-11"))
        await browser.send("register", {"media": {"audio": True}})
        await browser.expect("ready")
        await asyncio.to_thread(sim.drop_signalling, True)
        async with asyncio.timeout(10):
            await browser.socket.wait_closed()
        cut = browser.socket.close_code
        try:
            await Browser.open(host)
            refused = False
        except InvalidStatus as err:
            refused = err.response.status_code == 503
        sim.restore_signalling()
        again = await Browser.open(host)
        await again.listen(token_for(sim, "user-11"))
        await again.expect("connected")
        await again.close()
        return cut, refused

    cut, refused = run(flow())
    assert cut == 1006 and refused  # no close frame: as a lost network, not a goodbye
    assert sim.signalling.registered_session("user-11") is None
