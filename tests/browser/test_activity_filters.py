"""The account page's activity filters switch in place: no reload, the scroll position kept,
the address following the filter."""
import re

import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser


def _many_activities(app, account_id: int) -> None:
    from desk.collections.dispositions import list_dispositions
    from desk.extensions import db
    from desk.timeline import record_activity
    from models import Account, User

    with app.app_context():
        account, collector = db.session.get(Account, account_id), db.session.query(User).first()
        no_answer = {d.name: d for d in list_dispositions()}["No Answer"]
        for n in range(30):
            record_activity(account, {"type": "note", "notes": f"Note {n}"}, collector)
            record_activity(account, {"type": "call", "disposition": no_answer, "notes": f"Call {n}"}, collector)
        db.session.commit()


def test_a_filter_switches_without_a_reload_and_keeps_the_scroll(app, live_server, page, account):
    _many_activities(app, account)
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    calls = page.get_by_role("button", name="Calls", exact=True)
    expect(calls).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("button", name="All", exact=True)).to_have_attribute("aria-pressed", "true")
    page.evaluate("window.scrollTo(0, document.getElementById('activities').offsetTop)")  # instant, not smooth
    page.evaluate("window.notReloaded = true")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0

    calls.click()
    expect(calls).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#activities li.activity-note")).to_have_count(0)
    expect(page.locator("#activities li.activity-call")).to_have_count(30)
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.scrollY") == scrolled
    expect(page).to_have_url(re.compile(r"\?type=call$"))

    page.reload()
    expect(page.get_by_role("button", name="Calls", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#activities li.activity-note")).to_have_count(0)
