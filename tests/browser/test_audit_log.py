"""The admin's Audit log page in a real headless Chromium lists an admin's change to a balance."""
import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser


def test_audit_log_lists_a_balance_change(live_server, page, admin_api, account):
    assert admin_api.patch(f"/api/v1/accounts/{account}", json={"balance": "5000.00"}).status_code == 200
    log_in(page, live_server, "admin@test.local")
    page.click("nav >> text=Audit log")
    page.fill("input[name=account]", "A-1001")
    page.click("text=Show")
    row = page.locator("#audit-log tbody tr").first
    expect(row).to_contain_text("Ada Admin")
    expect(row).to_contain_text("balance")
    expect(row).to_contain_text("5400.00")
    expect(row).to_contain_text("5000.00")
