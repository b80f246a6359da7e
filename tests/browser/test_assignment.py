"""An admin ticks unassigned accounts in the accounts list and assigns them to a collector, who
then finds them among their own accounts; in a real headless Chromium."""
import pytest
from playwright.sync_api import expect

from desk.accounts.records import create_account
from desk.extensions import db
from tests.helpers import log_in

pytestmark = pytest.mark.browser


def test_admin_assigns_ticked_accounts_and_the_collector_sees_them(app, live_server, page, users):
    with app.app_context():
        for number, last in (("U-1", "Avery"), ("U-2", "Baker"), ("U-3", "Cole")):
            create_account({"number": number, "first_name": "Pat", "last_name": last})
        db.session.commit()
    log_in(page, live_server, "admin@test.local")
    page.get_by_role("link", name="Accounts").click()
    page.get_by_role("checkbox", name="Select U-1 Pat Avery").check()
    page.get_by_role("checkbox", name="Select U-3 Pat Cole").check()
    page.get_by_label("Assign to").select_option(label="Olive Other")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("2 accounts assigned to Olive Other.")

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "olive@test.local")
    page.get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("checkbox", name="Select U-1 Pat Avery")).to_have_count(0)  # collectors do not assign
    page.get_by_label("Mine only").check()
    page.get_by_role("button", name="Search").click()
    grid = page.locator("table.grid")
    expect(grid).to_contain_text("U-1")
    expect(grid).to_contain_text("U-3")
    expect(grid).not_to_contain_text("U-2")
