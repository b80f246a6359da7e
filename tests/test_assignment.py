"""Assigning accounts to collectors: the API (one and many), what moves with the account, the
DMS import's collector column and the rules for accounts that arrive without one."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from desk.accounts.records import create_account
from desk.extensions import db
from desk.timeline import record_activity
from models import Account, Activity, Promise, User


def _make_accounts(app, count: int, assigned_to: int | None = None, prefix: str = "B-") -> list[int]:
    with app.app_context():
        owner = db.session.get(User, assigned_to) if assigned_to else None
        ids = [create_account({"number": f"{prefix}{i}", "first_name": "Pat", "last_name": f"Lee{i}",
                               "assigned_to": owner}).id for i in range(count)]
        db.session.commit()
        return ids


def _assignee(app, account_id: int) -> int | None:
    with app.app_context():
        return db.session.get(Account, account_id).assigned_to_id


# The API

def test_admin_assigns_one_account_by_patch(app, admin_api, users, account):
    answer = admin_api.patch(f"/api/v1/accounts/{account}", json={"assigned_to": users["other"]})
    assert answer.status_code == 200, answer.json
    assert answer.json["assigned_to"] == users["other"]
    assert _assignee(app, account) == users["other"]


def test_collector_cannot_assign(app, api, users, account):
    answer = api.patch(f"/api/v1/accounts/{account}", json={"assigned_to": users["other"]})
    assert answer.status_code == 403
    assert "assigned_to" in answer.json["error"]["fields"]
    answer = api.post("/api/v1/accounts/assign", json={"account_ids": [account], "assigned_to": users["other"]})
    assert answer.status_code == 403
    assert _assignee(app, account) == users["collector"]


def test_admin_assigns_many_and_unassigns(app, admin_api, users):
    ids = _make_accounts(app, 3)
    answer = admin_api.post("/api/v1/accounts/assign", json={"account_ids": ids, "assigned_to": users["other"]})
    assert answer.status_code == 200, answer.json
    assert answer.json == {"count": 3}
    assert [_assignee(app, i) for i in ids] == [users["other"]] * 3
    answer = admin_api.post("/api/v1/accounts/assign", json={"account_ids": ids[:2], "assigned_to": None})
    assert answer.json == {"count": 2}
    assert [_assignee(app, i) for i in ids] == [None, None, users["other"]]


def test_unknown_account_ids_refused_and_nothing_changes(app, admin_api, users):
    ids = _make_accounts(app, 2)
    answer = admin_api.post("/api/v1/accounts/assign",
                            json={"account_ids": [*ids, 999999], "assigned_to": users["other"]})
    assert answer.status_code == 422
    assert "account_ids" in answer.json["error"]["fields"]
    assert [_assignee(app, i) for i in ids] == [None, None]


@pytest.mark.parametrize("body", [{"account_ids": []}, {"account_ids": list(range(1, 5002))}])
def test_empty_or_too_many_ids_refused(admin_api, users, body):
    answer = admin_api.post("/api/v1/accounts/assign", json={**body, "assigned_to": users["other"]})
    assert answer.status_code == 422
    assert "account_ids" in answer.json["error"]["fields"]


def test_admin_or_inactive_user_is_no_assignee(app, admin_api, users, account):
    answer = admin_api.post("/api/v1/accounts/assign", json={"account_ids": [account], "assigned_to": users["admin"]})
    assert answer.status_code == 422 and "assigned_to" in answer.json["error"]["fields"]
    answer = admin_api.patch(f"/api/v1/accounts/{account}", json={"assigned_to": users["admin"]})
    assert answer.status_code == 422 and "assigned_to" in answer.json["error"]["fields"]
    with app.app_context():
        db.session.get(User, users["other"]).active = False
        db.session.commit()
    answer = admin_api.post("/api/v1/accounts/assign", json={"account_ids": [account], "assigned_to": users["other"]})
    assert answer.status_code == 422 and "assigned_to" in answer.json["error"]["fields"]
    assert _assignee(app, account) == users["collector"]


def test_reassignment_moves_follow_ups_promises_and_is_on_the_timeline(app, admin_api, api, users, account):
    soon = date.today() + timedelta(days=1)
    with app.app_context():
        acc = db.session.get(Account, account)
        cole = db.session.get(User, users["collector"])
        done = record_activity(acc, {"notes": "old", "assigned_to": cole, "follow_up_on": soon}, None)
        done.follow_up_done_at = done.created_at
        open_one = record_activity(acc, {"notes": "call back", "assigned_to": cole, "follow_up_on": soon}, None)
        pending = Promise(account_id=account, amount=Decimal("50"), due_on=soon, assigned_to=cole)
        kept = Promise(account_id=account, amount=Decimal("50"), due_on=soon, assigned_to=cole, status="kept")
        db.session.add_all([pending, kept])
        db.session.commit()
        ids = {"done": done.id, "open": open_one.id, "pending": pending.id, "kept": kept.id}
    answer = admin_api.post("/api/v1/accounts/assign", json={"account_ids": [account], "assigned_to": users["other"]})
    assert answer.status_code == 200
    with app.app_context():
        assert db.session.get(Activity, ids["open"]).assigned_to_id == users["other"]
        assert db.session.get(Activity, ids["done"]).assigned_to_id == users["collector"]
        assert db.session.get(Promise, ids["pending"]).assigned_to_id == users["other"]
        assert db.session.get(Promise, ids["kept"]).assigned_to_id == users["collector"]
        notes = db.session.execute(select(Activity.notes).where(Activity.account_id == account)).scalars().all()
    assert "Ada Admin assigned the account to Olive Other (was Cole Collector)." in notes


# The console

def test_console_admin_assigns_ticked_accounts(app, client, auth, users):
    ids = _make_accounts(app, 3)
    auth.login("admin@test.local")
    page = client.get("/accounts").get_data(as_text=True)
    assert 'id="assign-form"' in page and 'name="account_ids"' in page
    answer = client.post("/accounts/assign", data={"account_ids": [str(i) for i in ids[:2]],
                                                   "assigned_to": str(users["other"])})
    assert answer.status_code == 302
    assert [_assignee(app, i) for i in ids] == [users["other"], users["other"], None]
    client.post(f"/accounts/{ids[2]}/assign", data={"assigned_to": str(users["collector"])})
    assert _assignee(app, ids[2]) == users["collector"]
    assert "Assigned to" in client.get(f"/accounts/{ids[2]}?tab=details").get_data(as_text=True)


def test_console_collector_sees_no_control_and_is_refused(app, client, auth, users):
    ids = _make_accounts(app, 1)
    auth.login()
    page = client.get("/accounts").get_data(as_text=True)
    assert "assign-form" not in page and 'name="account_ids"' not in page
    assert "/assign" not in client.get(f"/accounts/{ids[0]}?tab=details").get_data(as_text=True)
    answer = client.post("/accounts/assign",
                         data={"account_ids": [str(ids[0])], "assigned_to": str(users["collector"])})
    assert answer.status_code == 403
    assert client.post(f"/accounts/{ids[0]}/assign", data={"assigned_to": str(users["collector"])}).status_code == 403
    assert _assignee(app, ids[0]) is None
