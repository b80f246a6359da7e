"""An admin ticks unassigned accounts in the accounts list and assigns them to a collector, who
then finds them among their own accounts; in a real headless Chromium."""
import pytest
from playwright.sync_api import expect

from desk.accounts.records import create_account
from desk.extensions import db
from tests.helpers import log_in

pytestmark = pytest.mark.browser


def assign_to_olive_and_open_hers(page, live_server, *ticks: str):
    """From the admin's accounts list: tick `ticks`, assign them to Olive, log in as Olive and
    list her own accounts; the grid."""
    for name in ticks:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_label("Assign to").select_option(label="Olive Other")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".flash")).to_contain_text(f"{len(ticks)} accounts assigned to Olive Other.")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "olive@test.local")
    page.get_by_role("link", name="Accounts").click()
    page.get_by_label("Mine only").check()
    page.get_by_role("button", name="Search").click()
    return page.locator("table.grid")


def test_admin_assigns_ticked_accounts_and_the_collector_sees_them(app, live_server, page, users):
    with app.app_context():
        for number, last in (("U-1", "Avery"), ("U-2", "Baker"), ("U-3", "Cole")):
            create_account({"number": number, "first_name": "Pat", "last_name": last})
        db.session.commit()
    log_in(page, live_server, "admin@test.local")
    page.get_by_role("link", name="Accounts").click()
    grid = assign_to_olive_and_open_hers(page, live_server, "Select U-1 Pat Avery", "Select U-3 Pat Cole")
    expect(page.get_by_role("checkbox", name="Select U-1 Pat Avery")).to_have_count(0)  # collectors do not assign
    expect(grid).to_contain_text("U-1")
    expect(grid).to_contain_text("U-3")
    expect(grid).not_to_contain_text("U-2")


def test_admin_imports_a_dms_export_then_assigns_the_imported_accounts(live_server, page, users, tmp_path):
    """The Done means of the collector's day: the accounts come in through the import page, as an
    admin would bring them, and are then handed out from the accounts list."""
    export = tmp_path / "dms export.csv"
    export.write_text("Account #,First Name,Last Name,Cell,Balance,Collector\n"
                      "IM-1,Nia,Imported,2145550141,1200.00,\n"
                      "IM-2,Ola,Imported,2145550142,900.00,\n"
                      "IM-3,Ray,Imported,2145550143,450.00,cole@test.local\n")
    log_in(page, live_server, "admin@test.local")
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("What the file holds").select_option("accounts")
    page.get_by_label("CSV file").set_input_files(str(export))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator('[data-field="status"]')).to_have_text("done")
    expect(page.locator('[data-field="created"]')).to_have_text("3")

    page.get_by_role("link", name="Accounts").click()
    grid = assign_to_olive_and_open_hers(page, live_server, "Select IM-1 Nia Imported", "Select IM-2 Ola Imported")
    expect(grid).to_contain_text("IM-1")
    expect(grid).to_contain_text("IM-2")
    expect(grid).not_to_contain_text("IM-3")  # the export's collector column gave it to Cole
    page.get_by_role("link", name="IM-1").click()
    expect(page.locator("#activities")).to_contain_text("Ada Admin assigned the account to Olive Other")
