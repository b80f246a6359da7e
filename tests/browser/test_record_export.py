"""The account page's Export record button in a real headless Chromium: an admin clicks it and
gets the ZIP; a collector has no such button."""
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = pytest.mark.browser


def test_an_admin_downloads_the_record(page, live_server, account):
    log_in(page, live_server, "admin@test.local")
    page.goto(f"{live_server}/accounts/{account}")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Export record").click()
    download = caught.value
    assert download.suggested_filename == f"account-A-1001-{date.today().isoformat()}.zip"
    with zipfile.ZipFile(Path(download.path())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["exported_by"]["name"] == "Ada Admin" and manifest["account"]["number"] == "A-1001"
        assert "Maria Garcia" in archive.read("timeline.html").decode()
    expect(page.get_by_role("heading", name="Maria Garcia #A-1001")).to_be_visible()  # still on the page


def test_a_collector_sees_no_export_button(page, live_server, account):
    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    expect(page.get_by_role("heading", name="Maria Garcia #A-1001")).to_be_visible()
    expect(page.get_by_role("button", name="Export record")).to_have_count(0)
