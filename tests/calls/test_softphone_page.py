"""The softphone in headless Chromium, for what needs no call: the Softphone region and its live
status, the tones served by the desk (nothing fetched from Twilio), and the Phone Call window
offering the phone when the browser's microphone is blocked, before any call is placed.

Chromium here resolves no host but loopback, so nothing the page tries can leave the machine."""
import pytest
from playwright.sync_api import expect

from desk.sounds import sound_names
from tests.helpers import MOBILE, chromium, log_in, wait_for

pytestmark = pytest.mark.browser

SOFTPHONE_KEYS = {"TWILIO_API_KEY_SID": "SK" + "2" * 32, "TWILIO_API_KEY_SECRET": "s" * 32,
                  "TWILIO_TWIML_APP_SID": "AP" + "3" * 32}


@pytest.fixture
def loopback_browser():
    """Chromium with fake audio devices that resolves no host but loopback; the microphone is
    allowed or refused by each context's permissions (no automatic yes to the prompt)."""
    with chromium(["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                   "--no-first-run", "--use-fake-device-for-media-stream",
                   "--autoplay-policy=no-user-gesture-required",
                   "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]) as browser:
        yield browser


@pytest.fixture
def by_browser(app, users, sim):
    """The softphone on (the simulator plays Twilio, an API key set) and the collector calling
    by browser."""
    from desk.extensions import db
    from models import User

    app.config.update(SOFTPHONE_KEYS)
    with app.app_context():
        db.session.get(User, users["collector"]).call_via = "browser"
        db.session.commit()


def test_the_softphone_region_and_its_tones(loopback_browser, live_server, by_browser):
    context = loopback_browser.new_context(permissions=["microphone"])
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    log_in(page, live_server)

    region = page.get_by_role("region", name="Softphone")
    expect(region).to_be_visible()
    # no signalling can be reached here: the collector is told in words what is wrong and what to do
    expect(region.get_by_role("status")).to_contain_text("lost its connection to the phone service")
    expect(region.get_by_role("status")).to_contain_text("Check your network")
    tones = {f"{live_server}/static/vendor/sounds/{name}.wav" for name in sound_names()}
    fetched = lambda: set(page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)"))  # noqa: E731
    assert wait_for(lambda: tones <= fetched()), tones - fetched()
    assert not [url for url in asked if "twilio.com" in url]
    context.close()


def test_a_blocked_microphone_offers_the_phone_before_calling(loopback_browser, live_server, by_browser,
                                                              account, sim):
    from tests.helpers import COLLECTOR_PHONE

    sim.script(COLLECTOR_PHONE, call="answer", talk_seconds=5, ring_seconds=2)
    context = loopback_browser.new_context()  # no microphone permission: the browser refuses it
    page = context.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Phone Call")
    window = page.get_by_role("dialog")
    expect(window.locator("input[value=browser]")).to_be_checked()  # the collector's own method

    expect(window).to_contain_text("The browser cannot use your microphone")
    window.get_by_role("button", name="Call from my phone").click()
    expect(window.locator(".call-status")).to_contain_text("Your phone is ringing")
    expect(window.locator("input[value=phone]")).to_be_checked()
    placed = [c.data["to"] for c in list(sim.world.calls.values()) if c.data["direction"] == "outbound-api"]
    assert placed[:1] == [COLLECTOR_PHONE]  # the desk rang the phone first
    context.close()


def test_calling_by_browser_with_a_blocked_microphone_places_nothing(app, loopback_browser, live_server,
                                                                     by_browser, account, sim):
    from sqlalchemy import func, select

    from desk.extensions import db
    from models import Call

    context = loopback_browser.new_context()
    page = context.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Phone Call")
    window = page.get_by_role("dialog")
    window.locator("select[name=to]").select_option(MOBILE)
    window.get_by_role("button", name="Call", exact=True).click()
    expect(window.get_by_role("button", name="Call from my phone")).to_be_visible()
    expect(window).to_contain_text("The browser cannot use your microphone")
    with app.app_context():
        assert db.session.scalar(select(func.count(Call.id))) == 0  # refused before the desk was asked
    assert not sim.world.calls
    context.close()
