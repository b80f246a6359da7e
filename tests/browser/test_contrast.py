"""Text contrast of at least 4.5:1 (3:1 for large text), measured in a real headless Chromium on
the pages a collector and an admin spend the day on: every visible element with text of its own,
against the background it is actually drawn on (tests/helpers.py CONTRAST_OFFENDERS_JS)."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from desk import settings
from desk.extensions import db
from tests.helpers import closed_contact_hours, contrast_offenders, log_in

pytestmark = pytest.mark.browser

COLLECTOR, ADMIN = "cole@test.local", "admin@test.local"
PAGES = [(COLLECTOR, "/worklist"), (COLLECTOR, "/accounts"), (COLLECTOR, "/accounts/{account}"),
         (COLLECTOR, "/password"), (ADMIN, "/accounts"), (ADMIN, "/accounts/{account}"),
         (ADMIN, "/admin/settings"), (ADMIN, "/dashboard")]


@pytest.fixture
def a_full_account(app, admin_api, users, account):
    """The account with something in its tags and notices: a follow-up due (a worklist reason),
    a call, a pending promise, and contact hours closed everywhere (calls and texts refused, with
    their notes under the quick actions; the lists' "Contact now: email" tag)."""
    today = date.today()
    for body in ({"type": "note", "notes": "Call back", "assigned_to": users["collector"],
                  "follow_up_on": today.isoformat()},
                 {"type": "call", "disposition": "No Answer", "notes": "Rang out"}):
        assert admin_api.post(f"/api/v1/accounts/{account}/activities", json=body).status_code == 201
    promise = admin_api.post(f"/api/v1/accounts/{account}/promises", json={
        "amount": "100.00", "due_on": (today + timedelta(days=3)).isoformat()})
    assert promise.status_code == 201, promise.json
    with app.app_context():
        settings.change(closed_contact_hours())
        db.session.commit()
    return account


def _report(offenders: list[dict]) -> str:
    return "\n".join(f"  {o['element']} \"{o['text']}\": {o['color']} on {o['background']} = {o['ratio']}:1"
                     f" (needs {o['needed']}:1)" for o in offenders)


def test_the_login_page_text_has_enough_contrast(live_server, page):
    page.goto(f"{live_server}/login")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    offenders = contrast_offenders(page)
    assert not offenders, "Text below WCAG contrast on /login:\n" + _report(offenders)


@pytest.mark.parametrize("who,path", PAGES, ids=[f"{w.split('@')[0]}:{p}" for w, p in PAGES])
def test_console_page_text_has_enough_contrast(live_server, page, a_full_account, who, path):
    log_in(page, live_server, who)
    page.goto(live_server + path.format(account=a_full_account))
    page.wait_for_load_state("load")
    expect(page.locator("main h1").first).to_be_visible()
    if "{account}" in path:
        expect(page.get_by_role("region", name="Quick actions")).to_be_visible()
        expect(page.locator(".contact-refused").first).to_be_visible()  # the refusal notes are measured
    offenders = contrast_offenders(page)
    assert not offenders, f"Text below WCAG contrast on {path} as {who}:\n" + _report(offenders)


def test_the_measure_tells_text_that_falls_short(page):
    """The measure itself, on known colours: #767676 on white is 4.54:1, #777 4.48:1; large text
    needs 3:1; a translucent background is composed over its parent's; hidden text is not read."""
    page.set_content("""<body style="background:#fff">
      <p id="pass" style="color:#767676">Just enough</p>
      <p id="fail" style="color:#777">Just short</p>
      <p id="large" style="color:#949494;font-size:19px;font-weight:700">Large and bold</p>
      <p id="small" style="color:#949494;font-size:19px">Not large</p>
      <div style="background:#1a66c9">
        <span id="on-blue" style="color:#fff;background:rgba(255,255,255,.5)">Washed</span></div>
      <svg><text id="svg" x="0" y="15" style="fill:#aaa">Axis</text></svg>
      <p hidden style="color:#eee">Hidden</p></body>""")
    found = {o["element"]: o for o in contrast_offenders(page)}
    assert set(found) == {"p#fail", "p#small", "span#on-blue", "text#svg"}, found
    assert found["p#fail"]["ratio"] == 4.48 and found["p#fail"]["needed"] == 4.5
