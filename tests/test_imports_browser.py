"""The upload page in a real browser: the import runs on a thread and the page polls its status."""
import pytest

from tests.helpers import PASSWORD


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOBS_INLINE": "thread", "WTF_CSRF_ENABLED": True}


@pytest.mark.browser
def test_upload_page_shows_progress_until_done(page, live_server, users, tmp_path):
    rows = "".join(f"Q-{i},Ann,Lee{i},214555{i:04d}\n" for i in range(1200)) + "Q-X,Bob,Ray,12\n"
    export = tmp_path / "big export.csv"
    export.write_text("Account #,First Name,Last Name,Cell\n" + rows)
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "admin@test.local")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server}/admin/imports")
    page.select_option("select[name=kind]", "accounts")
    page.set_input_files("input[name=file]", str(export))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector('[data-field="status"]:text("done")', timeout=30000)
    assert page.text_content('[data-field="created"]') == "1200"
    assert page.text_content('[data-field="failed"]') == "1"
    assert page.text_content('[data-field="processed"]') == page.text_content('[data-field="total"]') == "1201"
    assert "Not a valid phone number." in page.text_content("#import-errors")
