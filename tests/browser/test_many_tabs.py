"""Many desk tabs in one browser: they share one live-update stream, so a browser stays under
its six connections per host and the next page still loads; a text still reaches its tab."""
import pytest
from playwright.sync_api import expect

from tests.helpers import MOBILE, live_stream_open, log_in, more_accounts

pytestmark = pytest.mark.browser


def test_ten_tabs_open_and_the_eleventh_page_still_loads(app, live_server, page, account, sim):
    others = more_accounts(app, 6)
    log_in(page, live_server)
    tabs = [page]
    for number, account_id in enumerate([account, *others, account, None, None]):
        tab = page if number == 0 else page.context.new_page()
        tab.goto(f"{live_server}/accounts/{account_id}" if account_id else f"{live_server}/worklist")
        assert live_stream_open(tab)
        if number:
            tabs.append(tab)
    assert len(tabs) == 10

    eleventh = page.context.new_page()
    eleventh.goto(f"{live_server}/accounts/{others[0]}", timeout=10_000)
    expect(eleventh.get_by_role("heading", level=1)).to_be_visible(timeout=10_000)

    watching = tabs[7]  # the second tab on the first account: neither the first tab nor the newest
    sim.customer_sms(MOBILE, "Heard in a later tab")
    expect(watching.locator("#sms-thread li.sms-inbound")).to_contain_text("Heard in a later tab", timeout=5000)
    expect(tabs[0].locator("#sms-thread li.sms-inbound")).to_contain_text("Heard in a later tab", timeout=5000)


def test_without_shared_workers_a_page_keeps_a_stream_of_its_own(app, live_server, page, account, sim):
    page.add_init_script("delete window.SharedWorker;")
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    assert live_stream_open(page)
    sim.customer_sms(MOBILE, "Heard without a worker")
    expect(page.locator("#sms-thread li.sms-inbound")).to_contain_text("Heard without a worker", timeout=5000)
