"""Money and status fields: only an admin changes them by hand, and every change to them, to a
promise or to a payment is in the audit log (API and console page, admins only) and on the timeline."""
from datetime import date, timedelta

import pytest

from desk.extensions import db
from models import Account, Activity, AuditEntry
from tests.helpers import run_import, write_csv

CHANGES = {"balance": "1.00", "amount_due": "0.00", "due_on": "2027-01-01", "days_past_due": 0,
           "status": "paid_off"}


def figures(app, account_id: int) -> tuple:
    with app.app_context():
        a = db.session.get(Account, account_id)
        return a.balance, a.amount_due, a.due_on, a.days_past_due, a.status


def audit_rows(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        return [(r.entity, r.field, r.old, r.new, r.user_id) for r in rows]


@pytest.mark.parametrize("field", list(CHANGES))
def test_a_collector_cannot_change_money_or_status(app, api, account, field):
    before = figures(app, account)
    answer = api.patch(f"/api/v1/accounts/{account}", json={field: CHANGES[field], "vehicle": "2020 Kia Rio"})
    assert answer.status_code == 403, answer.json
    assert answer.json["error"]["fields"] == {field: ["Only an admin can change this."]}
    assert figures(app, account) == before and audit_rows(app) == []
    with app.app_context():
        assert db.session.get(Account, account).vehicle == "2016 Chevrolet Malibu"


def test_a_collector_still_changes_other_fields(app, api, users, account):
    """Not money: allowed, and (as every change of a contact field is) audited as theirs."""
    answer = api.patch(f"/api/v1/accounts/{account}", json={"vehicle": "2020 Kia Rio"})
    assert answer.status_code == 200 and answer.json["vehicle"] == "2020 Kia Rio"
    assert audit_rows(app) == [("account", "vehicle", "2016 Chevrolet Malibu", "2020 Kia Rio", users["collector"])]


def test_an_admins_change_is_audited_and_on_the_timeline(app, admin_api, users, account):
    answer = admin_api.patch(f"/api/v1/accounts/{account}", json={"balance": "5000.00", "status": "current",
                                                                   "days_past_due": 24})
    assert answer.status_code == 200, answer.json
    admin = users["admin"]
    assert audit_rows(app) == [("account", "balance", "5400.00", "5000.00", admin),
                               ("account", "status", "delinquent", "current", admin)]
    with app.app_context():
        notes = db.session.execute(db.select(Activity.notes).where(
            Activity.account_id == account, Activity.type == "system")).scalars().all()
    assert notes == ["Ada Admin changed balance: 5400.00 → 5000.00; status: delinquent → current."]
    listed = admin_api.get(f"/api/v1/audit?account_id={account}").json
    assert [(e["field"], e["old"], e["new"], e["user_name"], e["account_number"]) for e in listed["items"]] == [
        ("status", "delinquent", "current", "Ada Admin", "A-1001"),
        ("balance", "5400.00", "5000.00", "Ada Admin", "A-1001")]


def test_payments_and_promises_are_audited(app, api, admin_api, account):
    promise = api.post(f"/api/v1/accounts/{account}/promises", json={"amount": "100.00",
                           "due_on": (date.today() + timedelta(days=10)).isoformat()})
    assert promise.status_code == 201, promise.json
    payment = api.post(f"/api/v1/accounts/{account}/payments", json={"amount": "100.00"})
    assert payment.status_code == 201, payment.json
    reversal = admin_api.post(f"/api/v1/payments/{payment.json['id']}/reversal", json={"reason": "nsf"})
    assert reversal.status_code == 201, reversal.json
    rows = {(entity, field, old, new) for entity, field, old, new, _ in audit_rows(app)}
    assert {("promise", "amount", None, "100.00"), ("payment", "amount", None, "100.00"),
            ("promise", "status", "pending", "kept"), ("promise", "status", "kept", "pending"),
            ("account", "balance", "5400.00", "5300.00"), ("account", "balance", "5300.00", "5400.00")} <= rows


def test_the_audit_log_is_paged_and_admin_only(app, client, auth, api, admin_api, account):
    for balance in ("5000.00", "4000.00", "3000.00"):
        admin_api.patch(f"/api/v1/accounts/{account}", json={"balance": balance})
    first = admin_api.get("/api/v1/audit?limit=2").json
    assert [e["new"] for e in first["items"]] == ["3000.00", "4000.00"] and first["next"]
    rest = admin_api.get(f"/api/v1/audit?limit=2&cursor={first['next']}").json
    assert [e["new"] for e in rest["items"]] == ["5000.00"] and rest["next"] is None
    assert admin_api.get("/api/v1/audit?cursor=garbage").status_code == 400  # not a cursor the API signed
    assert admin_api.get("/api/v1/audit?account_id=abc").status_code == 422
    assert api.get("/api/v1/audit").status_code == 403
    auth.login()
    assert client.get("/admin/audit").status_code == 403
    auth.logout()
    auth.login("admin@test.local")
    page = client.get("/admin/audit?account=A-1001").data.decode()
    assert "4000.00" in page and "3000.00" in page and "Ada Admin" in page
    assert 'href="/admin/audit"' in client.get("/worklist").data.decode()
    assert "No account B-404" in client.get("/admin/audit?account=B-404").data.decode()


def test_the_audit_route_is_documented(client):
    route = client.get("/api/v1/openapi.json").json["paths"]["/audit"]["get"]
    assert {"200", "403"} <= set(route["responses"])
    assert {p["name"] for p in route["parameters"]} == {"account_id", "limit", "cursor"}


IMPORT_HEADER = "Account #,First Name,Last Name,Cell Phone,Home Phone,State,Zip,Balance,Due Date,Status\n"


def test_the_dms_import_changing_money_is_audited_and_on_the_timeline(runner, app, tmp_path):
    first = write_csv(tmp_path, IMPORT_HEADER + "M-1,Ann,Lee,214-555-0111,,TX,75201,$100.00,11/01/2026,current\n")
    assert run_import(runner, "accounts", first).exit_code == 0
    assert audit_rows(app) == []  # a new account is not a change
    second = write_csv(tmp_path, IMPORT_HEADER + "M-1,Ann,Lee,214-555-0111,,TX,75201,$90.00,11/01/2026,delinquent\n",
                       name="second.csv")
    assert run_import(runner, "accounts", second).exit_code == 0
    assert ("account", "balance", "100.00", "90.00", None) in audit_rows(app)
    assert ("account", "status", "current", "delinquent", None) in audit_rows(app)
    with app.app_context():
        notes = db.session.execute(db.select(Activity.notes).where(Activity.type == "system")).scalars().all()
        assert any(n.startswith("The DMS import changed") and "balance: 100.00 → 90.00" in n for n in notes)
