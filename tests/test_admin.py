"""Admin pages: users, dispositions, templates, settings."""
import pytest

from tests.helpers import PASSWORD


@pytest.fixture
def admin(client, auth):
    auth.login("admin@test.local", PASSWORD)
    return client


def test_admin_creates_and_edits_user(admin, app):
    response = admin.post("/admin/users", data={"name": "Nia New", "email": "Nia@Test.local",
                                                 "role": "collector", "password": "long-enough-1",
                                                 "phone": "(512) 555-0100"}, follow_redirects=True)
    assert "User nia@test.local created." in response.data.decode()
    from desk.extensions import db
    from models import User

    with app.app_context():
        user = db.session.execute(db.select(User).where(User.email == "nia@test.local")).scalar_one()
        assert user.phone == "+15125550100"
        user_id = user.id
    admin.post(f"/admin/users/{user_id}", data={"name": "Nia N", "role": "admin", "phone": "", "active": "on"})
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.name, user.role, user.active) == ("Nia N", "admin", True)


@pytest.mark.parametrize("data, message", [
    ({"name": "X", "email": "bad", "password": "long-enough-1"}, "email: Not a valid email address."),
    ({"name": "X", "email": "x@y.com", "password": "short"}, "password: Use at least 12 characters."),
    ({"name": "X", "email": "x@y.com", "password": "long-enough-1", "phone": "12"}, "phone:"),
    ({"name": "X", "email": "cole@test.local", "password": "long-enough-1"}, "exists"),
])
def test_bad_user_form_flashes(admin, data, message):
    response = admin.post("/admin/users", data=data, headers={"Referer": "/admin/users"}, follow_redirects=True)
    assert message in response.data.decode()


def test_admin_cannot_deactivate_self(admin, users):
    response = admin.post(f"/admin/users/{users['admin']}", data={"name": "Ada", "role": "admin"},
                          headers={"Referer": "/admin/users"}, follow_redirects=True)
    assert "cannot deactivate or demote yourself" in response.data.decode()


def test_dispositions_add_rename_retire(admin, api):
    admin.post("/admin/dispositions", data={"name": "Payment Arranged", "reached": "on"})
    items = api.get("/api/v1/dispositions").json["items"]
    added = next(d for d in items if d["name"] == "Payment Arranged")
    assert added["reached"] is True
    admin.post(f"/admin/dispositions/{added['id']}", data={"name": "Arranged"})  # active unchecked
    assert "Arranged" not in [d["name"] for d in api.get("/api/v1/dispositions").json["items"]]
    dup = admin.post("/admin/dispositions", data={"name": "no answer"}, headers={"Referer": "/"},
                     follow_redirects=True)
    assert "exists" in dup.data.decode()


def test_template_unknown_field_refused(admin, admin_api):
    response = admin.post("/admin/templates", data={"channel": "sms", "name": "Bad",
                                                    "body": "Hi {{ first_nmae }}"},
                          headers={"Referer": "/admin/templates"}, follow_redirects=True)
    assert "The template uses {{ first_nmae }}, which the desk does not know." in response.data.decode()
    api_response = admin_api.post("/api/v1/templates", json={"channel": "sms", "name": "Bad", "body": "{{ x }}"})
    assert api_response.status_code == 422 and "body" in api_response.json["error"]["fields"]
    assert admin_api.get("/api/v1/templates").json["items"] == []


def test_template_saved_and_edited(admin, admin_api):
    created = admin_api.post("/api/v1/templates", json={
        "channel": "email", "name": "Past due", "subject": "Account {{ account_number }}",
        "body": "Hi {{ first_name }}, {{ amount_due }} was due {{ due_on }}."})
    assert created.status_code == 201
    admin.post(f"/admin/templates/{created.json['id']}", data={
        "channel": "email", "name": "Past due", "subject": "Acct {{ account_number }}", "body": "Hello"})
    assert admin_api.get("/api/v1/templates").json["items"][0]["subject"] == "Acct {{ account_number }}"
    assert admin_api.post("/api/v1/templates", json={"channel": "email", "name": "No subject",
                                                     "body": "x"}).status_code == 422


def test_template_sandbox_blocks_attribute_tricks(app):
    from desk.errors import Invalid
    from desk.templates.merge import render

    with pytest.raises(Invalid):
        render("{{ first_name.__class__.__mro__ }}", {"first_name": "x"})


def test_settings_saved_and_validated(admin, app):
    response = admin.post("/admin/settings", data={"call_attempts_max": "5", "contact_hours_start": "9",
                                                   "contact_hours_end": "20", "call_attempts_window_days": "7",
                                                   "call_cooldown_after_contact_days": "7",
                                                   "promise_grace_days": "1", "reminder_days_before": "2",
                                                   "reminder_channel": "sms", "reminder_template": "",
                                                   "record_calls": "on"}, follow_redirects=True)
    assert "Settings saved." in response.data.decode()
    from desk import settings

    with app.app_context():
        assert settings.get("call_attempts_max") == 5 and settings.get("record_calls") is True
    bad = admin.post("/admin/settings", data={"call_attempts_max": "many"})
    assert bad.status_code == 422
    assert "call_attempts_max: Must be int" in bad.data.decode() and 'value="many"' in bad.data.decode()


@pytest.mark.parametrize("path", ["/admin/users", "/admin/dispositions", "/admin/templates", "/admin/settings",
                                  "/admin/audit", "/admin/jobs"])
def test_admin_pages_have_a_plain_title(admin, path):
    """The window title is text: no form or section of the page leaks into <title>."""
    page = admin.get(path).data.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.endswith("Collections Desk") and "<" not in title, title


def _beside(page: str, field_html: str, error_id: str) -> str:
    """The reason shown right after a field (and its label): the text of the span `error_id`,
    checked to come after `field_html` with only the label's end between them."""
    at = page.index(field_html)
    span = f'<span class="field-error" id="{error_id}">'
    start = page.index(span, at)
    assert page[at + len(field_html):start].strip() in ("></label>", ">", "></label>\n"), page[at:start]
    return page[start + len(span):page.index("</span>", start)]


def test_a_refused_new_user_shows_each_reason_beside_its_field(admin):
    response = admin.post("/admin/users", data={"name": "Nia New", "email": "bad", "role": "admin",
                                                 "password": "short", "phone": "(512) 555-0100"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    email = ('<input type="email" name="email" required value="bad" aria-invalid="true" '
             'aria-describedby="new-user-email-error"')
    assert _beside(page, email, "new-user-email-error") == "Not a valid email address."
    password = ('<input type="password" name="password" required minlength="12" aria-invalid="true" '
                'aria-describedby="new-user-password-error"')
    assert _beside(page, password, "new-user-password-error") == "Use at least 12 characters."
    assert 'name="name" required value="Nia New"' in page and 'value="(512) 555-0100"' in page
    assert "<option selected>admin</option>" in page
    assert 'value="short"' not in page  # a typed password is never sent back


def test_a_refused_user_row_shows_the_reason_beside_its_field(admin, users):
    other = users["other"]
    response = admin.post(f"/admin/users/{other}", data={"name": "Olive Renamed", "role": "collector",
                                                          "phone": "12", "active": "on"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    phone = (f'<input name="phone" value="12" aria-label="Phone" aria-invalid="true" '
             f'aria-describedby="user-{other}-phone-error"')
    assert _beside(page, phone, f"user-{other}-phone-error")
    assert 'value="Olive Renamed"' in page
    response = admin.post(f"/admin/users/{users['admin']}", data={"name": "Ada Admin", "role": "admin"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    active = (f'<input type="checkbox" name="active"  aria-label="Active" aria-invalid="true" '
              f'aria-describedby="user-{users["admin"]}-active-error"')
    assert _beside(page, active, f"user-{users['admin']}-active-error") == "You cannot deactivate or demote yourself."


def test_a_refused_password_reset_shows_the_reason_beside_that_users_field(admin, users):
    other = users["other"]
    response = admin.post(f"/admin/users/{other}/password", data={"password": "short"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    field = (f'autocomplete="new-password" aria-invalid="true" aria-describedby="reset-{other}-password-error"')
    assert _beside(page, field, f"reset-{other}-password-error") == "Use at least 12 characters."
    assert page.count('class="field-error"') == 1
