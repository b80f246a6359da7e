"""The console under its Content-Security-Policy in a real Chromium: the main pages load and work
without the browser blocking anything (no violation events, no CSP messages on the console)."""
import re

import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def test_console_pages_break_no_policy(live_server, page, account):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    violations = []

    def visit(path: str) -> None:
        response = page.goto(f"{live_server}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        violations.extend(page.evaluate("window.cspViolations"))

    visit("/login")
    log_in(page, live_server)
    violations.extend(page.evaluate("window.cspViolations"))
    visit("/worklist")
    visit("/accounts")
    visit(f"/accounts/{account}")
    page.click(".quick-actions >> text=Send Email")
    expect(page.locator("dialog#send-email")).to_be_visible()
    violations.extend(page.evaluate("window.cspViolations"))
    assert violations == []
    assert [m for m in messages if "Content Security Policy" in m] == []


def test_boosted_page_changes_break_no_policy(live_server, page, account):
    """Pages swapped in by htmx (their scripts run again, htmx's own settings) stay inside the
    policy: the page is never reloaded, so every violation of the walk is still in the list."""
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "admin@test.local")
    page.evaluate("() => { window.shellMark = 'kept'; }")
    nav = page.get_by_role("navigation")
    for name, heading in (("Accounts", "Accounts"), ("Users", "Users"), ("Templates", "Templates"),
                          ("Audit log", "Audit"), ("My worklist", "My worklist")):
        nav.get_by_role("link", name=name, exact=True).click()
        expect(page.locator("main h1")).to_contain_text(heading)
    nav.get_by_role("link", name="Accounts", exact=True).click()
    page.get_by_role("link", name="A-1001").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{account}$"))
    page.click(".quick-actions >> text=Send Email")
    expect(page.locator("dialog#send-email")).to_be_visible()
    page.keyboard.press("Escape")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/accounts$"))
    assert page.evaluate("window.shellMark") == "kept"
    assert page.evaluate("window.cspViolations") == []
    assert [m for m in messages if "Content Security Policy" in m] == []
