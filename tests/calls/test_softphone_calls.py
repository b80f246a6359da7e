"""The collector's softphone end to end: the console's own buttons driving the real Voice SDK in
Chromium against the simulator's signalling and media. Loopback only (marker `softphone`, run by
tests/softphone_netns.sh)."""
import re
import time
from pathlib import Path

import jwt
import pytest
from playwright.sync_api import expect

from tests.helpers import (
    COLLECTOR_PHONE,
    MOBILE,
    OTHER_PHONE,
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

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"

INBOUND_BYTES = inbound_audio_bytes("window.deskSoftphone.call")


@pytest.fixture
def page(tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with loopback_chromium(viewport={"width": 1280, "height": 900}) as [page]:
        yield page


def rings_and_is_declined(page, sim) -> None:
    """A customer calls: the softphone rings, the collector declines, the ringing stops."""
    sim.customer_call(MOBILE, talk_seconds=3_000_000)
    expect(softphone_region(page).get_by_role("button", name="Answer")).to_be_visible(timeout=20000)
    softphone_region(page).get_by_role("button", name="Decline").click()
    expect(softphone_region(page).get_by_role("button", name="Answer")).to_be_hidden()


def nav(page, name: str, url: re.Pattern):
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(url)


def test_an_outbound_call_from_the_phone_call_window(app, page, live_server, softphone, account):
    sim = softphone
    sim.script(MOBILE, call="answer", talk_seconds=3_000_000, ring_seconds=1)
    softphone_ready(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Phone Call")
    window = page.get_by_role("dialog")
    expect(window.locator("input[value=browser]")).to_be_checked()
    window.locator("select[name=to]").select_option(MOBILE)
    window.get_by_role("button", name="Call", exact=True).click()
    expect(softphone_status(page)).to_have_text("On a call with Maria Garcia.", timeout=20000)
    window.get_by_role("button", name="Close").click()

    sid = softphone_call_sid(page)
    assert sim.wait_until(lambda: sim.media_stats(sid)["received_frames"] >= 50, timeout=20)  # the customer hears
    assert sim.wait_until(lambda: page.evaluate(INBOUND_BYTES) > 2000, timeout=20)  # the collector hears
    panel = softphone_region(page)
    expect(panel.get_by_role("link", name="Maria Garcia")).to_be_visible()
    expect(panel.get_by_label("Call time")).to_have_text(re.compile(r"^0:0[1-9]"))
    expect(panel.get_by_label("Microphone")).to_be_visible()
    expect(panel.get_by_label("Speaker")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "softphone_in_call.png"))

    panel.get_by_role("button", name="Mute").click()
    expect(panel.get_by_role("button", name="Unmute")).to_be_visible()
    assert page.evaluate("window.deskSoftphone.call.isMuted()")
    panel.get_by_role("button", name="Unmute").click()
    expect(panel.get_by_role("button", name="Mute")).to_be_visible()
    assert not page.evaluate("window.deskSoftphone.call.isMuted()")

    panel.get_by_role("button", name="Keypad").click()
    digits = panel.get_by_role("group", name="Keypad digits")
    for key in ("4", "2", "#"):
        digits.get_by_role("button", name=key, exact=True).click()
    assert sim.wait_until(lambda: sim.digits(sid) == "42#", timeout=10)

    page.keyboard.press("Escape")  # Escape closes windows, never the call
    nav(page, "My worklist", re.compile(r"/worklist$"))
    nav(page, "Accounts", re.compile(r"/accounts$"))
    page.get_by_role("link", name="A-1001").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{account}$"))
    page.keyboard.press("Escape")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/accounts$"))
    expect(softphone_status(page)).to_have_text("On a call with Maria Garcia.")
    assert page.evaluate("window.deskSoftphone.call.status()") == "open"
    received = sim.media_stats(sid)["received_frames"]
    assert sim.wait_until(lambda: sim.media_stats(sid)["received_frames"] > received + 25, timeout=20)

    softphone_region(page).get_by_role("button", name="Hang up").click()
    assert sim.wait_until(lambda: sim.world.calls[sid].data["status"] == "completed", timeout=20)
    prompt = page.locator("#call-prompt .prompt")
    expect(prompt).to_be_visible(timeout=20000)
    expect(prompt).to_contain_text("Maria Garcia")
    expect(prompt).to_contain_text("Suggested: Spoke to Customer")
    page.click("#call-prompt >> text=Record outcome")
    activity = page.locator("dialog#add-activity")
    expect(activity).to_be_visible()
    activity.locator("textarea[name=notes]").fill("Paying Friday")
    activity.locator("text=Save").click()
    expect(page.locator(".flash")).to_contain_text("Activity saved.")
    expect(page.locator("#call-prompt .prompt")).to_have_count(0, timeout=10000)


def test_an_admins_call_survives_the_admin_pages(app, page, live_server, softphone, account, users):
    """Admins call by browser too: the call keeps its sound while they open Users, Templates,
    Settings, the audit log and the dashboard, and come back."""
    from desk.extensions import db
    from models import User

    sim = softphone
    with app.app_context():
        db.session.get(User, users["admin"]).call_via = "browser"
        db.session.commit()
    sim.script(MOBILE, call="answer", talk_seconds=3_000_000, ring_seconds=1)
    log_in(page, live_server, "admin@test.local")
    expect(softphone_status(page)).to_have_text("Softphone ready: calls to the desk ring here.", timeout=20000)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Phone Call")
    window = page.get_by_role("dialog")
    window.locator("select[name=to]").select_option(MOBILE)
    window.get_by_role("button", name="Call", exact=True).click()
    expect(softphone_status(page)).to_have_text("On a call with Maria Garcia.", timeout=20000)
    window.get_by_role("button", name="Close").click()
    sid = softphone_call_sid(page)

    for name, path in [("Users", "/admin/users"), ("Templates", "/admin/templates"), ("Settings", "/admin/settings"),
                       ("Audit log", "/admin/audit"), ("Dashboard", "/dashboard")]:
        nav(page, name, re.compile(re.escape(path) + "$"))
        expect(softphone_status(page)).to_have_text("On a call with Maria Garcia.")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/admin/audit$"))
    assert page.evaluate("window.deskSoftphone.call.status()") == "open"
    received = sim.media_stats(sid)["received_frames"]
    assert sim.wait_until(lambda: sim.media_stats(sid)["received_frames"] > received + 25, timeout=20)
    softphone_region(page).get_by_role("button", name="Hang up").click()
    assert sim.wait_until(lambda: sim.world.calls[sid].data["status"] == "completed", timeout=20)


def test_an_inbound_call_rings_and_is_answered_from_the_banner(app, page, live_server, softphone, account, users):
    sim = softphone
    softphone_ready(page, live_server, app, users["collector"])
    sim.customer_call(MOBILE, talk_seconds=3_000_000)
    banner = softphone_region(page)
    expect(banner.get_by_role("button", name="Answer")).to_be_visible(timeout=20000)
    expect(banner.get_by_role("link", name="Maria Garcia")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "softphone_ringing.png"))
    expect(banner.get_by_role("button", name="Decline")).to_be_visible()
    expect(banner.get_by_role("link", name="Maria Garcia")).to_be_visible()
    expect(banner).to_contain_text(MOBILE)
    banner.get_by_role("button", name="Answer").click()

    expect(page).to_have_url(re.compile(rf"/accounts/{account}$"))
    expect(page.locator("main")).to_contain_text("Maria Garcia")
    expect(softphone_status(page)).to_have_text("On a call with Maria Garcia.")
    sid = softphone_call_sid(page)
    assert sim.wait_until(lambda: sim.media_stats(sid)["received_frames"] >= 50, timeout=20)
    softphone_region(page).get_by_role("button", name="Hang up").click()
    expect(page.locator("#call-prompt .prompt")).to_be_visible(timeout=20000)


def test_a_declined_call_goes_to_voicemail(app, page, live_server, softphone, account, users):
    from desk.extensions import db
    from models import Call

    sim = softphone
    sim.script(OTHER_PHONE, call="no-answer")
    softphone_ready(page, live_server, app, users["collector"])
    placed = sim.customer_call(MOBILE, talk_seconds=3_000_000)  # the caller waits while the browser rings
    expect(softphone_region(page).get_by_role("button", name="Decline")).to_be_visible(timeout=20000)
    softphone_region(page).get_by_role("button", name="Decline").click()
    expect(softphone_region(page).get_by_role("button", name="Answer")).to_be_hidden()

    def voicemail():
        with app.app_context():
            call = db.session.execute(db.select(Call).where(Call.twilio_sid == placed.sid)).scalar_one_or_none()
            return call is not None and call.recording_url is not None
    assert sim.wait_until(voicemail, timeout=30)
    with app.app_context():
        call = db.session.execute(db.select(Call).where(Call.twilio_sid == placed.sid)).scalar_one()
        assert call.collector_id is None and not call.prompt_pending
    assert COLLECTOR_PHONE not in {d["params"]["To"] for d in sim.deliveries("/voice/status?call_id")}


def test_an_expired_token_is_refused_then_renewed(app, page, live_server, softphone, users):
    sim = softphone
    softphone_ready(page, live_server)
    expired = jwt.encode({"iss": sim.api_key_sid, "sub": sim.account_sid, "exp": 1_000_000_000, "jti": "old",
                          "grants": {"identity": f"user-{users['collector']}", "voice": {"incoming": {"allow": True}}}},
                         sim.api_key_secret, algorithm="HS256", headers={"cty": "twilio-fpa;v=1"})
    page.evaluate("(token) => window.deskSoftphone.device.updateToken(token)", expired)
    expect(softphone_status(page)).to_contain_text("sign-in ran out", timeout=20000)
    expect(softphone_status(page)).to_have_text("Softphone ready: calls to the desk ring here.", timeout=30000)
    assert page.evaluate("window.deskSoftphone.device.state") == "registered"


def test_leaving_the_page_during_a_call_asks_first(app, page, live_server, softphone, account, users):
    sim = softphone
    softphone_ready(page, live_server, app, users["collector"])
    sim.customer_call(MOBILE, talk_seconds=3_000_000)
    softphone_region(page).get_by_role("button", name="Answer").click(timeout=20000)
    expect(softphone_status(page)).to_have_text("On a call with Maria Garcia.", timeout=20000)
    page.on("dialog", lambda dialog: dialog.dismiss())  # the collector stays
    with page.expect_event("dialog") as asked:
        page.evaluate("setTimeout(() => location.reload(), 0)")  # a full page load, as F5 would
    assert asked.value.type == "beforeunload"
    expect(softphone_status(page)).to_have_text("On a call with Maria Garcia.")  # the reload was cancelled
    assert page.evaluate("window.deskSoftphone.call.status()") == "open"


def test_a_certificate_not_yet_accepted_is_explained(app, live_server, softphone, users):
    """The built-in simulator's signalling has a certificate the desk made: a browser that has not
    accepted it cannot connect, and the softphone says how to accept it (not "check your network")."""
    with loopback_chromium(accept_certificate=False, viewport={"width": 1280, "height": 900}) as [page]:
        log_in(page, live_server)
        expect(softphone_status(page)).to_contain_text(
            f"Open https://{softphone.signalling_host}/ once in this browser and accept its certificate",
            timeout=20000)


def identity(users) -> str:
    return f"user-{users['collector']}"


def presence(app, user_id) -> str:
    from desk.extensions import db
    from models import User

    with app.app_context():
        return db.session.get(User, user_id).presence


def voicemail_kept(app, sid: str) -> bool:
    from desk.extensions import db
    from models import Call

    with app.app_context():
        call = db.session.execute(db.select(Call).where(Call.twilio_sid == sid)).scalar_one_or_none()
        return call is not None and call.recording_url is not None


def test_presence_away_keeps_calls_off_the_browser_until_available(app, page, live_server, softphone, account, users):
    sim = softphone
    sim.script(OTHER_PHONE, call="no-answer")
    softphone_ready(page, live_server, app, users["collector"])
    choose = page.get_by_role("banner").get_by_role("combobox", name="Presence")
    choose.select_option("away")
    assert wait_for(lambda: presence(app, users["collector"]) == "away")

    placed = sim.customer_call(MOBILE, talk_seconds=3_000_000)
    assert sim.wait_until(lambda: voicemail_kept(app, placed.sid), timeout=30)  # on to phones, then voicemail
    dialled = [d["params"]["To"] for d in sim.deliveries("/voice/status?call_id")]
    assert OTHER_PHONE in dialled and COLLECTOR_PHONE not in dialled
    assert f"client:{identity(users)}" not in {c.data["to"] for c in sim.world.calls.values()}
    expect(softphone_region(page).get_by_role("button", name="Answer")).to_be_hidden()
    expect(softphone_status(page)).to_have_text("Softphone ready: calls to the desk ring here.")

    choose.select_option("available")
    assert wait_for(lambda: presence(app, users["collector"]) == "available")
    rings_and_is_declined(page, sim)


def test_the_softphone_registers_again_after_the_network_drops(app, page, live_server, softphone, account, users):
    sim = softphone
    softphone_ready(page, live_server, app, users["collector"])
    sim.drop_signalling(down=True)
    expect(softphone_status(page)).to_contain_text("lost its connection to the phone service", timeout=20000)
    assert sim.signalling.registered_session(identity(users)) is None
    assert page.evaluate("window.deskSoftphone.device.state") != "registered"

    sim.restore_signalling()  # the network is back: nothing on the page is touched
    expect(softphone_status(page)).to_have_text("Softphone ready: calls to the desk ring here.", timeout=20000)
    assert sim.wait_until(lambda: sim.signalling.registered_session(identity(users)) is not None)
    rings_and_is_declined(page, sim)


def test_the_token_is_renewed_before_it_runs_out(app, page, live_server, softphone, account, users):
    sim = softphone
    app.config["SOFTPHONE_TOKEN_TTL"] = 20  # the shortest allowed: the SDK warns 10 s before the end
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "/api/v1/voice-token" in request.url else None)
    softphone_ready(page, live_server, app, users["collector"])
    first = sim.signalling.registered_session(identity(users)).grant
    assert len(fetched) == 1 and first.ttl <= 20

    renewal = page.wait_for_event("request", lambda request: "/api/v1/voice-token" in request.url, timeout=20000)
    assert renewal.response().ok and time.time() < first.expires  # tokenWillExpire: a new token, before the end
    assert wait_for(lambda: time.time() > first.expires + 1, timeout=20)  # the first token has run out
    session = sim.signalling.registered_session(identity(users))
    assert session is not None and session.grant.expires > first.expires
    expect(softphone_status(page)).to_have_text("Softphone ready: calls to the desk ring here.")
    rings_and_is_declined(page, sim)


def test_a_lost_media_connection_shows_a_warning_until_it_is_back(app, page, live_server, softphone, account, users):
    sim = softphone
    softphone_ready(page, live_server, app, users["collector"])
    sim.customer_call(MOBILE, talk_seconds=3_000_000)
    softphone_region(page).get_by_role("button", name="Answer").click(timeout=20000)
    expect(softphone_status(page)).to_have_text("On a call with Maria Garcia.", timeout=20000)
    sid = softphone_call_sid(page)
    warning = softphone_region(page).get_by_role("alert")
    expect(warning).to_be_hidden()

    sim.cut_media(sid)  # nothing from the customer's side reaches the browser
    expect(warning).to_have_text("The call's connection dropped; the softphone is trying to get it back.",
                                 timeout=20000)
    sim.cut_media(sid, cut=False)
    expect(warning).to_be_hidden(timeout=20000)
    heard = page.evaluate(INBOUND_BYTES)
    assert sim.wait_until(lambda: page.evaluate(INBOUND_BYTES) > heard + 2000, timeout=20)  # the customer again
    assert page.evaluate("window.deskSoftphone.call.status()") == "open"
