"""The Dashboard in a real headless Chromium with the demo data: charts, their tables beneath,
the portfolio's roll rates, the period picker and the collector filter, breaking no CSP rule;
its screenshot is kept under test-artifacts/."""
import random
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from desk.extensions import db
from tests.helpers import log_in

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture
def demo(app, users):
    from desk.seed import seed_demo

    with app.app_context():
        seed_demo(count=50, rng=random.Random(7))
        db.session.commit()


def test_the_dashboard_draws_the_demo_data(live_server, page, demo):
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "admin@test.local")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page).to_have_title("Dashboard · Collections Desk")
    charts = page.get_by_role("img")
    expect(charts).to_have_count(5)
    expect(page.get_by_role("img", name="Calls and right-party contacts by day")).to_be_visible()
    assert page.locator("svg[role=img] rect.bar-calls").count() == 30  # one bar a day
    expect(page.get_by_role("img", name=re.compile(r"^Roll rates since \d{4}-\d\d-\d\d"))).to_be_visible()
    assert page.locator("svg[role=img] rect.bar-forward").count() == 5  # one bar a bucket
    rolls = page.get_by_role("table", name="Roll rates by bucket")
    expect(rolls.locator("tbody tr")).to_have_count(5)
    expect(rolls.get_by_role("rowheader", name="61-90")).to_be_visible()
    for name in ("Totals", "Portfolio by days past due", "By collector", "By day"):
        expect(page.get_by_role("table", name=name, exact=True)).to_be_visible()
    by_collector = page.get_by_role("table", name="By collector")
    expect(by_collector.get_by_role("rowheader", name="Casey Collector")).to_be_visible()
    expect(page.get_by_role("table", name="By day", exact=True).locator("tbody tr")).to_have_count(30)
    attempts = page.get_by_role("table", name="Totals").get_by_role("row", name="Call attempts")
    assert int(attempts.locator("td").inner_text()) > 20
    download = page.get_by_role("link", name="Download by collector (CSV)")
    expect(download).to_have_attribute("hx-boost", "false")

    page.get_by_label("Period", exact=True).select_option("7")
    page.get_by_label("Collector", exact=True).select_option(label="Casey Collector")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table", name="By day", exact=True).locator("tbody tr")).to_have_count(7)
    expect(page.get_by_role("table", name="By collector").locator("tbody tr")).to_have_count(1)
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download by day (CSV)").click()
    lines = Path(caught.value.path()).read_text().splitlines()
    assert lines[0].startswith("day,call_attempts") and len(lines) == 8
    expect(page.get_by_role("table", name="Roll rates by bucket")).to_be_visible()  # from 7 days back
    page.get_by_label("Period", exact=True).select_option("30")
    page.get_by_label("Collector", exact=True).select_option(label="Everyone")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table", name="By day", exact=True).locator("tbody tr")).to_have_count(30)
    assert page.evaluate("window.cspViolations") == []


def test_a_collector_sees_their_own_row_only(live_server, page, demo):
    log_in(page, live_server, "cole@test.local")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.get_by_label("Collector", exact=True)).to_have_count(0)
    rows = page.get_by_role("table", name="By collector").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Cole Collector")
