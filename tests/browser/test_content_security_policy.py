"""The console under its Content-Security-Policy in a real Chromium: the main pages load and work
without the browser blocking anything (no violation events, no CSP messages on the console)."""
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
