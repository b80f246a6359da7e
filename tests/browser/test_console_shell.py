"""The console as one long-lived page (docs/console-shell.md), in a real headless Chromium: page
changes swap the page while the shell (the window's state, the softphone region, the call
prompts, the live connection, the keyboard shortcuts) stays."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser

# Before any page script: count the live connections the page opens (SharedWorker, or
# EventSource where a browser has none).
COUNT_CONNECTIONS = """
window.liveConnections = 0;
for (const name of ["SharedWorker", "EventSource"]) {
  const Original = window[name];
  if (!Original) continue;
  window[name] = function (...args) { window.liveConnections += 1; return new Original(...args); };
  window[name].prototype = Original.prototype;
  Object.assign(window[name], Original);
}
"""

# State a softphone would hold: a property and a listener on the preserved element.
MARK_THE_SHELL = """() => {
  window.shellMark = "still here";
  const phone = document.getElementById("softphone");
  phone.deskState = {call: "in progress"};
  phone.clicks = 0;
  phone.addEventListener("click", () => { phone.clicks += 1; });
  document.getElementById("call-prompt").deskState = "the same prompts";
}"""


def nav(page, name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


def arrived(page, url: re.Pattern, heading: str) -> None:
    expect(page).to_have_url(url)
    expect(page.locator("main h1")).to_contain_text(heading)


def open_account(page, account: int) -> None:
    """Accounts, then the account: clicked as a collector would, each page once it has arrived."""
    nav(page, "Accounts")
    arrived(page, re.compile(r"/accounts$"), "Accounts")
    page.get_by_role("link", name="A-1001").click()
    arrived(page, re.compile(rf"/accounts/{account}$"), "Maria")


def test_the_shell_survives_page_changes_and_back(live_server, page, account):
    page.add_init_script(COUNT_CONNECTIONS)
    log_in(page, live_server, "admin@test.local")
    page.evaluate(MARK_THE_SHELL)
    worklist_title = page.title()

    nav(page, "Accounts")
    arrived(page, re.compile(r"/accounts$"), "Accounts")
    expect(page).not_to_have_title(worklist_title)
    page.get_by_role("link", name="A-1001").click()
    arrived(page, re.compile(rf"/accounts/{account}$"), "Maria")
    nav(page, "Users")
    arrived(page, re.compile(r"/admin/users$|/users$"), "Users")
    expect(page).to_have_title(re.compile("Users"))
    page.go_back()
    arrived(page, re.compile(rf"/accounts/{account}$"), "Maria")
    page.go_back()
    arrived(page, re.compile(r"/accounts$"), "Accounts")

    assert page.evaluate("window.shellMark") == "still here"
    assert page.evaluate("document.getElementById('softphone').deskState") == {"call": "in progress"}
    page.evaluate("document.getElementById('softphone').click()")
    assert page.evaluate("document.getElementById('softphone').clicks") == 1
    assert page.evaluate("document.getElementById('call-prompt').deskState") == "the same prompts"
    expect(page.get_by_role("region", name="Softphone").get_by_role("status")).to_have_count(1)
    assert page.evaluate("window.liveConnections") == 1
    expect(page.locator("main")).to_be_focused()


def test_page_scripts_run_when_their_page_is_swapped_in(live_server, page, account):
    log_in(page, live_server)
    open_account(page, account)
    page.get_by_role("region", name="Quick actions").get_by_role("button", name="Send SMS").click()
    sms = page.locator("dialog#send-sms")
    expect(sms).to_be_visible()
    sms.get_by_role("textbox", name="Message").fill("Hello")
    expect(sms.locator("#sms-count")).to_contain_text("5 characters")  # sms.js counts what is typed


def test_a_refused_form_keeps_its_window_open_through_a_boosted_submit(live_server, page, account):
    log_in(page, live_server)
    page.evaluate("() => { window.shellMark = 'kept'; }")
    open_account(page, account)
    page.get_by_role("region", name="Quick actions").get_by_role("button", name="Add Activity").click()
    activity = page.get_by_role("dialog", name="Add Activity")
    activity.get_by_role("combobox", name="Type").select_option(label="Visit")
    activity.get_by_label("Follow-up date").fill("2031-05-06")
    activity.get_by_role("button", name="Save").click()

    notes = activity.get_by_role("textbox", name="Notes")
    expect(notes).to_have_attribute("aria-invalid", "true")
    expect(activity).to_be_visible()
    expect(activity.get_by_role("combobox", name="Type")).to_have_value("visit")
    expect(activity.get_by_label("Follow-up date")).to_have_value("2031-05-06")
    expect(page).to_have_url(re.compile(rf"/accounts/{account}$"))  # the form's action is no page
    assert page.evaluate("window.shellMark") == "kept"  # answered without a page load

    notes.fill("Left a card at the door")
    activity.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main").get_by_role("status").filter(has_text="Activity saved.")).to_be_visible()
    expect(activity).to_be_hidden()
    assert page.evaluate("window.shellMark") == "kept"


def test_shortcuts_fire_once_per_key_after_several_page_changes(live_server, page, account):
    log_in(page, live_server)
    for _ in range(3):
        nav(page, "Accounts")
        arrived(page, re.compile(r"/accounts$"), "Accounts")
        nav(page, "My worklist")
        expect(page).to_have_url(re.compile(r"/worklist$"))
    open_account(page, account)
    page.evaluate("""() => { const button = document.createElement("button");
        button.type = "button"; button.dataset.key = "z"; button.textContent = "Count";
        window.pressed = 0; button.addEventListener("click", () => { window.pressed += 1; });
        document.querySelector("main").append(button); }""")
    page.locator("main h1").click()
    page.keyboard.press("z")
    page.keyboard.press("z")
    expect(page.get_by_role("button", name="Count")).to_be_visible()
    assert page.evaluate("window.pressed") == 2
    page.keyboard.press("s")
    expect(page.locator("dialog#send-sms")).to_be_visible()


def test_logging_out_loads_the_login_page_afresh(live_server, page, account):
    log_in(page, live_server)
    page.evaluate("() => { window.shellMark = 'kept'; }")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    assert page.evaluate("window.shellMark") is None
    expect(page.locator("[hx-boost]")).to_have_count(0)


def test_a_file_still_downloads_and_the_page_stays(live_server, page, account, sim):
    sim.customer_sms("+12145550101", "my statement",
                     media=[("statement.csv", b"date,amount\n2026-11-01,250.00\n", "text/csv")])
    log_in(page, live_server)
    page.evaluate("() => { window.shellMark = 'kept'; }")
    open_account(page, account)
    link = page.locator("a.sms-media", has_text="text/csv")
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    link.click()
    for _ in range(100):  # a bounded wait that lets Playwright deliver the popup's events
        if downloads:
            break
        page.wait_for_timeout(100)
    assert len(downloads) == 1
    assert Path(downloads[0].path()).read_bytes() == b"date,amount\n2026-11-01,250.00\n"
    assert page.evaluate("window.shellMark") == "kept"
    expect(page).to_have_url(re.compile(rf"/accounts/{account}$"))


def test_a_page_change_after_the_session_ended_loads_the_login_page_afresh(live_server, page, account):
    log_in(page, live_server)
    page.evaluate("() => { window.shellMark = 'kept'; }")
    page.context.clear_cookies()  # as when the session ends, or another tab logs out
    nav(page, "Accounts")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert page.evaluate("window.shellMark") is None
    expect(page.locator("[hx-boost]")).to_have_count(0)
