"""The dev phone's customer calls the desk with a real microphone: two Chromium contexts with
fake audio devices, the Voice SDK in both, the simulator relaying audio between them. Loopback
only (marker `softphone`, run by tests/softphone_netns.sh)."""
import pytest
from playwright.sync_api import expect

from tests.helpers import (
    MOBILE,
    inbound_audio_bytes,
    log_in,
    loopback_chromium,
    softphone_call_sid,
    softphone_ready,
    softphone_region,
    softphone_status,
    wait_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.softphone]

INBOUND_BYTES = inbound_audio_bytes("window.deskSoftphone.call")
CUSTOMER_BYTES = inbound_audio_bytes("window.deskDevPhone.call")


@pytest.fixture
def pages():
    """The collector's page and the customer's, in two contexts of one Chromium."""
    with loopback_chromium(pages=2) as pages:
        yield pages


@pytest.fixture
def dev_phone(app, softphone):
    """The /dev/phone/ pages, served as start_embedded serves them."""
    from telephony.simulator.embed import EXTENSION, _register_dev_phone

    app.extensions[EXTENSION] = softphone
    _register_dev_phone(app)
    yield softphone
    app.extensions.pop(EXTENSION, None)


def customer_leg(sim) -> str:
    with sim.world.lock:
        return next(sid for sid, res in sim.world.calls.items()
                    if res.data["from"] == MOBILE and res.data["direction"] == "inbound")


def grows(page, script: str, by: int = 2000) -> bool:
    start = page.evaluate(script)
    return wait_for(lambda: page.evaluate(script) > start + by, timeout=20)


def test_the_customer_calls_the_desk_and_each_hears_the_other(app, pages, live_server, dev_phone, account, users):
    sim = dev_phone
    collector, customer = pages
    softphone_ready(collector, live_server, app, users["collector"])
    messages = []
    customer.on("console", lambda message: messages.append(message.text))
    log_in(customer, live_server, "admin@test.local")
    customer.goto(f"{live_server}/dev/phone/?number={MOBILE.replace('+', '%2B')}")
    phone = customer.get_by_role("region", name="Customer call")
    phone.get_by_role("button", name="Call the desk").click()

    banner = softphone_region(collector)
    expect(banner.get_by_role("button", name="Answer")).to_be_visible(timeout=20000)
    expect(banner.get_by_role("link", name="Maria Garcia")).to_be_visible()
    banner.get_by_role("button", name="Answer").click()
    expect(softphone_status(collector)).to_have_text("On a call with Maria Garcia.", timeout=20000)

    answered, caller = softphone_call_sid(collector), customer_leg(sim)
    assert sim.wait_until(lambda: sim.media_stats(answered)["relayed_frames"] >= 50, timeout=20)  # the customer's voice
    assert sim.wait_until(lambda: sim.media_stats(caller)["relayed_frames"] >= 50, timeout=20)  # the collector's voice
    assert grows(collector, INBOUND_BYTES)
    assert grows(customer, CUSTOMER_BYTES)

    phone.get_by_role("button", name="Hang up").click()
    expect(phone.get_by_role("status")).to_have_text("The call ended.", timeout=20000)
    assert sim.wait_until(lambda: sim.world.calls[caller].data["status"] == "completed", timeout=20)
    expect(softphone_status(collector)).to_have_text("Call ended. Softphone ready: calls to the desk ring here.",
                                                     timeout=20000)
    expect(softphone_region(collector).get_by_role("button", name="Hang up")).to_be_hidden()
    expect(collector.locator("#call-prompt .prompt")).to_be_visible(timeout=20000)
    assert not [text for text in messages if "Content Security Policy" in text]
