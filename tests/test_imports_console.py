"""The admin import page: upload with login, admin role and CSRF; progress shown from the JSON."""
import io
import re

import pytest

from desk.extensions import db
from models import Account, ImportRun
from tests.helpers import PASSWORD

CSV = b"Acct No;Customer Name;Cell\nW-1;Lee, Ann;214-555-0111\nW-2;Ray, Bob;nope\n"


@pytest.fixture
def admin(client, auth):
    auth.login("admin@test.local", PASSWORD)
    return client


def _post(client, content=CSV, filename="dms.csv", kind="accounts", **extra):
    return client.post("/admin/imports", data={"kind": kind, "file": (io.BytesIO(content), filename), **extra},
                       content_type="multipart/form-data")


def test_admin_uploads_and_sees_the_result(admin, app):
    page = admin.get("/admin/imports")
    assert page.status_code == 200
    assert b'name="csrf_token"' in page.data and b'enctype="multipart/form-data"' in page.data
    response = _post(admin)
    assert response.status_code == 302
    run_page = admin.get(response.headers["Location"])
    text = run_page.data.decode()
    assert "Import 1: accounts from dms.csv" in text and "<strong data-field=\"status\">done</strong>" in text
    assert re.search(r'data-field="created">1<', text) and re.search(r'data-field="failed">1<', text)
    assert "Not a phone number" in text and "/api/v1/imports/1" in text
    assert b"dms.csv" in admin.get("/admin/imports").data
    with app.app_context():
        assert [a.number for a in db.session.query(Account)] == ["W-1"]


def test_bad_upload_is_flashed_not_500(admin, app):
    response = _post(admin, content=b"\x89PNG\x00\x00", filename="car.png")
    assert response.status_code == 302
    page = admin.get("/admin/imports").data.decode()
    assert "must be a .csv, .tsv, .txt file" in page
    assert _post(admin, kind="cars").status_code == 302
    assert "Choose accounts or payments." in admin.get("/admin/imports").data.decode()
    assert _post(admin, content=b"Foo,Bar\n1,2\n").status_code == 302
    assert "Missing required column(s)" in admin.get("/admin/imports").data.decode()
    with app.app_context():
        assert db.session.query(ImportRun).count() == 0


def test_collector_is_refused_and_anonymous_is_sent_to_login(client, auth, app):
    assert client.get("/admin/imports").status_code == 302
    assert _post(client).status_code in (302, 401)
    auth.login()
    assert client.get("/admin/imports").status_code == 403
    assert _post(client).status_code == 403
    assert client.get("/admin/imports/1").status_code == 403


def test_upload_needs_csrf_token(app_config, app, users):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    login_page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": "admin@test.local", "password": PASSWORD, "csrf_token": token})
    assert _post(client).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/imports").data.decode()).group(1)
    assert _post(client, csrf_token=token).status_code == 302


def test_unknown_import_page_says_so(admin):
    response = admin.get("/admin/imports/999", follow_redirects=True)
    assert response.status_code == 200 and "No import 999." in response.data.decode()
