"""Changes to the compliance settings and the state contact rules are audited: who, when, which
setting, from what to what; through the API and the console forms; an unchanged value and a
refused change write nothing."""
from desk.extensions import db
from models import AuditEntry


def audited(app, entity: str) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(db.select(AuditEntry).where(AuditEntry.entity == entity)
                                  .order_by(AuditEntry.id)).scalars().all()
        return [(row.user.name if row.user else None, row.account_id, row.field, row.old, row.new) for row in rows]


def test_a_settings_change_is_audited_field_by_field(app, admin_api):
    body = {"call_attempts_max": 5, "contact_hours_start": 8, "record_calls": True}
    assert admin_api.patch("/api/v1/settings", json=body).status_code == 200
    assert audited(app, "setting") == [("Ada Admin", None, "call_attempts_max", "7", "5"),
                                       ("Ada Admin", None, "record_calls", "False", "True")]  # 8 was 8
    entries = admin_api.get("/api/v1/audit").get_json()["items"]
    assert ("setting", "call_attempts_max", "Ada Admin") in {(e["entity"], e["field"], e["user_name"]) for e in entries}


def test_a_refused_settings_change_audits_nothing(app, admin_api):
    body = {"call_attempts_max": 5, "contact_hours_end": 99}
    assert admin_api.patch("/api/v1/settings", json=body).status_code == 422
    assert audited(app, "setting") == []


def test_a_state_rule_change_is_audited(app, admin_api):
    assert admin_api.patch("/api/v1/compliance/state-rules/MA", json={"personal_limit": 3, "enabled": True}
                           ).status_code == 200
    assert audited(app, "state_rule") == [("Ada Admin", None, "MA personal_limit", "2", "3")]


def test_the_console_forms_audit_as_the_admin_and_the_audit_page_shows_it(app, client, auth):
    auth.login("admin@test.local")
    form = {"personal_limit": "2", "personal_days": "7", "work_limit": "2", "work_days": "30"}
    assert client.post("/admin/settings/state-rules/MA", data=form).status_code == 302  # "enabled" unticked
    assert audited(app, "state_rule") == [("Ada Admin", None, "MA enabled", "True", "False")]
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "MA enabled" in page and "state_rule #0" not in page
