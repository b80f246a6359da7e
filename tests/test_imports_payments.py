"""Importing payments: posted through record_payment, deduplicated, settling promises."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desk.extensions import db
from models import Activity, Payment, Promise
from tests.helpers import DATA, run_import, write_csv

HEADER = "Acct No,Payment Date,Amount,Reference\n"


def _payments(account_id: int) -> list[tuple]:
    return sorted((p.paid_on, p.amount, p.reference) for p in
                  db.session.query(Payment).filter_by(account_id=account_id))


def test_tab_file_posts_and_reimport_is_unchanged(runner, app, account, tmp_path):
    path = write_csv(tmp_path, HEADER.replace(",", "\t") + "A-1001\t11/20/2026\t$200.00\tR-1\n"
                     "A-1001\t2026-11-21\t50\t\n")
    result = run_import(runner, "payments", path)
    assert result.exit_code == 0, result.output
    assert "2 rows, 2 created, 0 updated, 0 unchanged, 0 failed" in result.output
    again = run_import(runner, "payments", path)
    assert "0 created, 0 updated, 2 unchanged, 0 failed" in again.output
    with app.app_context():
        assert _payments(account) == [(date(2026, 11, 20), Decimal("200.00"), "R-1"),
                                      (date(2026, 11, 21), Decimal("50.00"), None)]
        assert db.session.query(Activity).filter_by(account_id=account, type="payment").count() == 2


def test_data_file_with_unknown_account(runner, app, account):
    result = run_import(runner, "payments", DATA / "payments_tab.tsv")
    assert result.exit_code == 1
    assert "line 2, Account Number: Unknown account E-200." in result.output
    assert "line 3, Account Number: Unknown account E-200." in result.output


def test_duplicates_within_one_file_post_once(runner, app, account, tmp_path):
    path = write_csv(tmp_path, HEADER + "A-1001,11/20/2026,$10.00,R-9\n" "A-1001,11/20/2026,$10.00,R-9\n"
                     "A-1001,11/22/2026,$5.00,\n" "A-1001,11/22/2026,5.00,\n")
    result = run_import(runner, "payments", path)
    assert "2 created, 0 updated, 2 unchanged" in result.output
    with app.app_context():
        assert len(_payments(account)) == 2


def test_same_day_amount_without_reference_matches_a_referenced_payment(runner, app, account, tmp_path):
    run_import(runner, "payments", write_csv(tmp_path, HEADER + "A-1001,11/20/2026,$10.00,R-9\n"))
    result = run_import(runner, "payments", write_csv(tmp_path, HEADER + "A-1001,11/20/2026,$10.00,\n",
                                                      name="noref.csv"))
    assert "1 unchanged" in result.output


@pytest.mark.parametrize("row, column, message", [
    ("A-1001,11/20/2026,-$5.00,R-1", "Amount", "Must be greater than 0."),
    ("A-1001,11/20/2026,$0.00,R-1", "Amount", "Must be greater than 0."),
    ("A-1001,11/20/2026,,R-1", "Amount", "The amount is missing."),
    ("A-1001,20/11/2026,$5.00,R-1", "Payment Date", "Unreadable date"),
    ("A-1001,,$5.00,R-1", "Payment Date", "Unreadable date"),
    ("NOPE-1,11/20/2026,$5.00,R-1", "Acct No", "Unknown account NOPE-1."),
    (",11/20/2026,$5.00,R-1", "Acct No", "The account number is missing."),
])
def test_payment_errors_name_line_and_column(runner, app, account, tmp_path, row, column, message):
    path = write_csv(tmp_path, HEADER + "A-1001,11/19/2026,$1.00,OK-1\n" + row + "\n")
    result = run_import(runner, "payments", path)
    assert result.exit_code == 1
    assert f"line 3, {column}: {message}" in result.output
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in result.output
    with app.app_context():
        assert len(_payments(account)) == 1


def test_imported_payment_keeps_a_promise(runner, app, account, api, tmp_path):
    due = date.today() + timedelta(days=3)
    assert api.post(f"/api/v1/accounts/{account}/promises",
                    json={"amount": "150.00", "due_on": due.isoformat()}).status_code == 201
    today = date.today().strftime("%m/%d/%Y")
    path = write_csv(tmp_path, HEADER + f"A-1001,{today},$100.00,P-1\nA-1001,{today},$50.00,P-2\n")
    result = run_import(runner, "payments", path)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(Promise).filter_by(account_id=account).one().status == "kept"


def test_missing_payment_columns(runner, app, tmp_path):
    result = run_import(runner, "payments", write_csv(tmp_path, "Acct No,Amount\nA-1,5\n"))
    assert result.exit_code == 2 and "Missing required column(s): paid_on" in result.output
