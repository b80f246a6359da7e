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
from tests.helpers import run_import, write_csv


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


# The DMS import

IMPORT_HEADER = "Account #,First Name,Last Name,Collector\n"


def _import(runner, tmp_path, rows: str, name: str = "export.csv"):
    result = run_import(runner, "accounts", write_csv(tmp_path, IMPORT_HEADER + rows, name))
    assert result.exit_code == 0, result.output
    return result


def _assignees(app, *numbers: str) -> list[int | None]:
    with app.app_context():
        by_number = dict(db.session.execute(select(Account.number, Account.assigned_to_id)
                                            .where(Account.number.in_(numbers))).all())
    return [by_number[n] for n in numbers]


def _set(admin_api, **values):
    answer = admin_api.patch("/api/v1/settings", json=values)
    assert answer.status_code == 200, answer.json
    return answer


def test_import_collector_by_email_any_case_or_by_exact_name(app, runner, tmp_path, users):
    _import(runner, tmp_path, "I-1,Ann,Avery,COLE@Test.Local\nI-2,Bob,Baker,Olive Other\nI-3,Cy,Cole,\n")
    assert _assignees(app, "I-1", "I-2", "I-3") == [users["collector"], users["other"], None]


def test_import_unknown_or_non_collector_is_a_row_error(app, runner, tmp_path, users):
    result = run_import(runner, "accounts", write_csv(
        tmp_path, IMPORT_HEADER + "I-1,Ann,Avery,nobody@test.local\nI-2,Bob,Baker,admin@test.local\nI-3,Cy,Cole,\n"))
    assert "line 2, Collector: No active collector" in result.output
    assert "line 3, Collector: No active collector" in result.output
    with app.app_context():
        assert db.session.execute(select(Account.number)).scalars().all() == ["I-3"]


def test_import_keeps_an_existing_collector_unless_the_file_names_one(app, runner, tmp_path, users, admin_api):
    _import(runner, tmp_path, "I-1,Ann,Avery,cole@test.local\nI-2,Bob,Baker,cole@test.local\n", "first.csv")
    _set(admin_api, assignment_rule="round_robin")
    _import(runner, tmp_path, "I-1,Ann,Avery,\nI-2,Bob,Baker,olive@test.local\n", "second.csv")
    assert _assignees(app, "I-1", "I-2") == [users["collector"], users["other"]]
    with app.app_context():
        account_id = db.session.execute(select(Account.id).where(Account.number == "I-2")).scalar()
        notes = db.session.execute(select(Activity.notes).where(Activity.account_id == account_id)).scalars().all()
    assert "The DMS import assigned the account to Olive Other (was Cole Collector)." in notes


def test_rule_none_leaves_new_accounts_unassigned(app, runner, tmp_path, users):
    _import(runner, tmp_path, "I-1,Ann,Avery,\nI-2,Bob,Baker,\n")
    assert _assignees(app, "I-1", "I-2") == [None, None]


def test_round_robin_continues_where_the_last_import_stopped(app, runner, tmp_path, users, admin_api):
    _set(admin_api, assignment_rule="round_robin")
    cole, olive = users["collector"], users["other"]
    _import(runner, tmp_path, "I-1,Ann,Avery,\nI-2,Bob,Baker,\nI-3,Cy,Cole,\n", "first.csv")
    assert _assignees(app, "I-1", "I-2", "I-3") == [cole, olive, cole]
    _import(runner, tmp_path, "I-4,Di,Dunn,\nI-5,Ed,Eve,olive@test.local\nI-6,Fa,Fox,\n", "second.csv")
    assert _assignees(app, "I-4", "I-5", "I-6") == [olive, olive, cole]


def test_last_name_ranges_assign_by_initial(app, runner, tmp_path, users, admin_api):
    _set(admin_api, assignment_rule="last_name_ranges",
         assignment_ranges="A-M: cole@test.local; N-Y: OLIVE@test.local")
    _import(runner, tmp_path, "I-1,Ann,avery,\nI-2,Bob,Ñúñez,\nI-3,Cy,Zane,\nI-4,Di,Moss,\n")
    assert _assignees(app, "I-1", "I-2", "I-3", "I-4") == [users["collector"], users["other"], None,
                                                          users["collector"]]


@pytest.mark.parametrize("ranges, why", [
    ("A-F casey@desk.local", "is not like"),
    ("A-M: cole@test.local; M-Z: olive@test.local", "already in another range"),
    ("A-M: nobody@test.local", "not an active collector"),
    ("A-M: admin@test.local", "not an active collector"),
    ("M-A: cole@test.local", "runs backwards"),
])
def test_bad_ranges_refused_naming_the_setting(admin_api, users, ranges, why):
    answer = admin_api.patch("/api/v1/settings", json={"assignment_ranges": ranges})
    assert answer.status_code == 422
    assert why in " ".join(answer.json["error"]["fields"]["assignment_ranges"])
    assert admin_api.get("/api/v1/settings").json["assignment_ranges"] == ""


def test_ranges_rule_needs_ranges_and_rules_are_named(admin_api, users):
    answer = admin_api.patch("/api/v1/settings", json={"assignment_rule": "last_name_ranges"})
    assert answer.status_code == 422 and "assignment_ranges" in answer.json["error"]["fields"]
    answer = admin_api.patch("/api/v1/settings", json={"assignment_rule": "alphabetical"})
    assert answer.status_code == 422 and "assignment_rule" in answer.json["error"]["fields"]


def test_settings_page_shows_the_rule_and_refuses_bad_ranges(client, auth, users):
    auth.login("admin@test.local")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'name="assignment_rule"' in page and 'name="assignment_ranges"' in page
    answer = client.post("/admin/settings", data={"assignment_rule": "last_name_ranges",
                                                  "assignment_ranges": "A-Z: nobody@test.local"})
    assert answer.status_code == 422
    assert 'data-setting="assignment_ranges"' in answer.get_data(as_text=True)
