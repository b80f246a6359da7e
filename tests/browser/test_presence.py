"""Presence in a real headless Chromium: the console's heartbeat makes the collector available,
the header's "Presence" select sets Away, and it stays Away across a reload."""
import re

import pytest
from playwright.sync_api import expect

from desk.extensions import db
from models import User
from tests.helpers import log_in, wait_for

pytestmark = pytest.mark.browser


def last_seen(app, user_id: int):
    with app.app_context():
        return db.session.get(User, user_id).last_seen_at


def me(page, live_server) -> dict:
    answer = page.request.get(f"{live_server}/api/v1/me")
    assert answer.ok
    return answer.json()


def test_switch_to_away_and_it_stays_after_a_reload(app, live_server, page, users):
    log_in(page, live_server)
    assert wait_for(lambda: last_seen(app, users["collector"]) is not None), "no heartbeat"
    assert me(page, live_server)["presence"] == "available"
    presence = page.get_by_role("combobox", name="Presence")
    expect(presence).to_have_value("available")
    expect(page.get_by_role("button", name="Set presence")).to_be_hidden()  # the select saves by itself
    with page.expect_response(re.compile(r"/api/v1/me$")) as answered:
        presence.select_option("away")
    assert answered.value.status == 200
    page.reload()
    expect(page.get_by_role("combobox", name="Presence")).to_have_value("away")
    assert me(page, live_server)["presence"] == "away"


def test_the_script_runs_once_when_it_is_run_again(app, live_server, page, users):
    log_in(page, live_server)
    page.evaluate("window.deskPresence.mark = 'first'")
    page.evaluate("""() => new Promise((loaded) => {
        const again = document.createElement("script");
        again.src = "/static/presence.js";
        again.onload = loaded;
        document.body.append(again);
    })""")
    assert page.evaluate("window.deskPresence.mark") == "first"
