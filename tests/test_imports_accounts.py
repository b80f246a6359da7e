"""Importing accounts from real CSV files through `desk import accounts`."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from desk.extensions import db
from models import Account, ImportRun, Phone
from tests.helpers import DATA, run_import, write_csv

HEADER = "Account #,First Name,Last Name,Cell Phone,Home Phone,State,Zip,Balance,Due Date,Status\n"


def _account(number: str) -> Account:
    return db.session.execute(select(Account).where(Account.number == number)).scalar_one()


def test_cp1252_semicolons_quoted_blank_lines_extra_columns(runner, app):
    result = run_import(runner, "accounts", DATA / "accounts_cp1252_semicolon.csv")
    assert result.exit_code == 0, result.output
    assert "3 rows, 3 created, 0 updated, 0 unchanged, 0 failed" in result.output
    with app.app_context():
        jose = _account("D-100")
        assert (jose.first_name, jose.last_name) == ("José", "Muñoz")
        assert jose.address_line1 == "12 Peña Rd; Unit 4" and jose.state == "TX"
        assert jose.timezone == "America/Chicago"
        assert jose.vehicle == "2016 Chevrolet Malibu"
        assert jose.balance == Decimal("5400.00") and jose.amount_due == Decimal("250.00")
        assert jose.due_on == date(2026, 11, 1) and jose.days_past_due == 24
        assert jose.status == "delinquent"
        assert [(p.number, p.label) for p in jose.phones] == [("+12145550101", "mobile"), ("+12145550102", "home")]
        assert [e.address for e in jose.emails] == ["jose@example.com"]
        zoe = _account("D-101")
        assert (zoe.first_name, zoe.last_name, zoe.status) == ("Zoë", "Brontë", "current")
        assert zoe.due_on == date(2026, 12, 5)
        assert {p.label for p in zoe.phones} == {"mobile", "work"}
        renee = _account("D-102")
        assert (renee.first_name, renee.last_name) == ("Renée", "O'Connor Jr")
        assert renee.due_on == date(2027, 1, 5)
        # the same number in two columns is one phone
        assert [(p.number, p.label) for p in renee.phones] == [
            ("+15125550105", "mobile"), ("+15125550106", "co-buyer"), ("+15125550107", "reference")]


def test_utf8_bom_comma_quoted_fields(runner, app):
    result = run_import(runner, "accounts", DATA / "accounts_bom_comma.csv")
    assert result.exit_code == 0, result.output
    with app.app_context():
        ana = _account("E-200")
        assert ana.last_name == "Pérez" and ana.address_line1 == "1 Elm St, Apt 2"
        assert ana.vehicle == "2015 Honda Civic, silver"
        assert _account("E-201").status == "paid_off"


def test_same_file_twice_is_unchanged(runner, app):
    assert run_import(runner, "accounts", DATA / "accounts_cp1252_semicolon.csv").exit_code == 0
    again = run_import(runner, "accounts", DATA / "accounts_cp1252_semicolon.csv")
    assert again.exit_code == 0
    assert "0 created, 0 updated, 3 unchanged, 0 failed" in again.output
    with app.app_context():
        assert db.session.query(Account).count() == 3
        assert db.session.query(Phone).count() == 7


def test_updated_file_updates_in_place_without_duplicate_phones(runner, app, tmp_path):
    first = write_csv(tmp_path, HEADER + "U-1,Ann,Lee,214-555-0111,,TX,75201,$100.00,11/01/2026,current\n"
                                         "U-2,Bob,Ray,214-555-0112,,TX,75201,$200.00,11/01/2026,current\n")
    assert run_import(runner, "accounts", first).exit_code == 0
    second = write_csv(tmp_path, HEADER
                       + "U-1,Ann,Lee,(214) 555-0111,214-555-0120,CA,90001,$90.00,12/01/2026,delinquent\n"
                       + "U-2,Bob,Ray,2145550112,,TX,75201,200,11/1/2026,Current\n", name="second.csv")
    result = run_import(runner, "accounts", second)
    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated, 1 unchanged, 0 failed" in result.output
    with app.app_context():
        assert db.session.query(Account).count() == 2
        ann = _account("U-1")
        assert ann.balance == Decimal("90.00") and ann.status == "delinquent"
        assert ann.due_on == date(2026, 12, 1)
        assert ann.timezone == "America/Los_Angeles"
        assert [p.number for p in ann.phones] == ["+12145550111", "+12145550120"]


def test_blank_cell_keeps_stored_value(runner, app, tmp_path):
    assert run_import(runner, "accounts", write_csv(
        tmp_path, HEADER + "K-1,Kim,Park,214-555-0111,,TX,75201,$100.00,11/01/2026,current\n")).exit_code == 0
    result = run_import(runner, "accounts", write_csv(
        tmp_path, HEADER + "K-1,Kim,Park,,,,,,,\n", name="blank.csv"))
    assert "1 unchanged" in result.output
    with app.app_context():
        kim = _account("K-1")
        assert kim.balance == Decimal("100.00") and len(kim.phones) == 1 and kim.state == "TX"


@pytest.mark.parametrize("row, column, message", [
    ("X-1,Ann,Lee,555-12,,TX,75201,$1.00,11/01/2026,current", "Cell Phone", "Not a valid phone number."),
    ("X-1,Ann,Lee,,nope,TX,75201,$1.00,11/01/2026,current", "Home Phone", "Not a phone number"),
    ("X-1,Ann,Lee,,,TX,75201,-$5.00,11/01/2026,current", "Balance", "Must not be negative."),
    ("X-1,Ann,Lee,,,TX,75201,($5.00),11/01/2026,current", "Balance", "Must not be negative."),
    ("X-1,Ann,Lee,,,TX,75201,ten,11/01/2026,current", "Balance", "Not a valid amount."),
    ("X-1,Ann,Lee,,,TX,75201,$1.00,13/45/2026,current", "Due Date", "Unreadable date"),
    ("X-1,Ann,Lee,,,TX,75201,$1.00,someday,current", "Due Date", "Unreadable date"),
    ("X-1,Ann,Lee,,,ZZ,75201,$1.00,11/01/2026,current", "State", "Must be one of"),
    ("X-1,Ann,Lee,,,TX,7520X,$1.00,11/01/2026,current", "Zip", "5-digit ZIP"),
    ("X-1,Ann,Lee,,,TX,75201,$1.00,11/01/2026,sold", "Status", "Must be one of"),
    (",Ann,Lee,,,TX,75201,$1.00,11/01/2026,current", "Account #", "account number is missing"),
    ("X-1,,Lee,,,TX,75201,$1.00,11/01/2026,current", "First Name", "first name is missing"),
])
def test_each_error_kind_names_line_and_column(runner, app, tmp_path, row, column, message):
    path = write_csv(tmp_path, HEADER + "G-1,Good,Row,214-555-0111,,TX,75201,$1.00,11/01/2026,current\n"
                     + "\n" + row + "\n")
    result = run_import(runner, "accounts", path)
    assert result.exit_code == 1
    assert f"line 4, {column}: " in result.output and message in result.output
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in result.output
    with app.app_context():
        assert [a.number for a in db.session.query(Account)] == ["G-1"]  # the bad row wrote nothing
        run = db.session.query(ImportRun).one()
        assert run.errors[0]["line"] == 4 and run.errors[0]["column"] == column


def test_bad_row_with_several_problems_reports_each_column(runner, app, tmp_path):
    path = write_csv(tmp_path, HEADER + "X-1,Ann,Lee,555-12,,TX,75201,-1,13/13/2026,current\n")
    result = run_import(runner, "accounts", path)
    assert result.exit_code == 1
    for column in ("Cell Phone", "Balance", "Due Date"):
        assert f"line 2, {column}:" in result.output


def test_missing_required_columns_is_a_clear_error(runner, app, tmp_path):
    path = write_csv(tmp_path, "Acct,Phone,Balance\nA-1,2145550111,10\n")
    result = run_import(runner, "accounts", path)
    assert result.exit_code == 2
    assert "Missing required column(s): first_name or customer_name; last_name or customer_name" in result.output
    with app.app_context():
        assert db.session.query(Account).count() == 0


@pytest.mark.parametrize("content", [b"", b"\n\n", b"PK\x03\x04\x00\x00binary"])
def test_empty_or_binary_file_is_refused(runner, app, tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run_import(runner, "accounts", path)
    assert result.exit_code == 2 and "Error:" in result.output


def test_mapping_file_toml_and_json(runner, app, tmp_path):
    csv_path = write_csv(tmp_path, "LoanRef|Borrower Given|Borrower Family|Tel 1|Owed\n"
                                   "M-1|Ann|Lee|214-555-0111|$10.00\n")
    toml = tmp_path / "dms.toml"
    toml.write_text('[columns]\nnumber = "LoanRef"\nfirst_name = "Borrower Given"\n'
                    'last_name = "Borrower Family"\nmobile_phone = ["Cell", "Tel 1"]\nbalance = "Owed"\n')
    result = run_import(runner, "accounts", csv_path, "--mapping", str(toml))
    assert result.exit_code == 0, result.output
    json_map = tmp_path / "dms.json"
    json_map.write_text('{"columns": {"number": "LoanRef", "first_name": "Borrower Given", '
                        '"last_name": "Borrower Family", "balance": "Owed"}}')
    assert "1 unchanged" in run_import(runner, "accounts", csv_path, "--mapping", str(json_map)).output
    with app.app_context():
        account = _account("M-1")
        assert account.balance == Decimal("10.00") and account.phones[0].number == "+12145550111"


def test_bad_mapping_file(runner, app, tmp_path):
    csv_path = write_csv(tmp_path, HEADER + "A-1,Ann,Lee,,,TX,75201,1,,current\n")
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\nshoe_size = "Shoe"\n')
    result = run_import(runner, "accounts", csv_path, "--mapping", str(bad))
    assert result.exit_code == 2 and "Unknown field 'shoe_size'" in result.output
    absent = tmp_path / "absent.json"
    absent.write_text('{"columns": {"number": "Loan"}}')
    result = run_import(runner, "accounts", csv_path, "--mapping", str(absent))
    assert result.exit_code == 2 and "no such column" in result.output


def test_chunks_commit_and_keep_going(runner, app, tmp_path, monkeypatch):
    """Rows across several chunks: bad ones in each chunk fail alone."""
    from desk.imports import runner as import_runner

    monkeypatch.setattr(import_runner, "CHUNK_SIZE", 3)
    rows = [f"C-{i},Ann,Lee{i},214555{i:04d},,TX,75201,$1.00,11/01/2026,current" for i in range(10)]
    rows[4] = "C-4,Ann,Lee,bad,,TX,75201,$1.00,11/01/2026,current"
    rows.append("C-0,Ann,Lee0,2145550000,,TX,75201,$2.00,11/01/2026,current")  # repeated number: an update
    result = run_import(runner, "accounts", write_csv(tmp_path, HEADER + "\n".join(rows) + "\n"))
    assert result.exit_code == 1
    assert "11 rows, 9 created, 1 updated, 0 unchanged, 1 failed" in result.output
    with app.app_context():
        assert db.session.query(Account).count() == 9
        assert _account("C-0").balance == Decimal("2.00")


def test_row_the_database_refuses_fails_alone(runner, app, tmp_path):
    """A real database refusal (a trigger) in a chunk: the chunk is retried row by row."""
    with app.app_context():
        _refuse_account_number("BOOM")
    try:
        path = write_csv(tmp_path, HEADER + "OK-1,Ann,Lee,,,TX,75201,1,,current\n"
                                            "BOOM,Bob,Ray,,,TX,75201,1,,current\n"
                                            "OK-2,Cy,Day,,,TX,75201,1,,current\n")
        result = run_import(runner, "accounts", path)
        assert result.exit_code == 1
        assert "line 3, Account #: The database refused this row" in result.output
        assert "2 created, 0 updated, 0 unchanged, 1 failed" in result.output
        with app.app_context():
            assert sorted(a.number for a in db.session.query(Account)) == ["OK-1", "OK-2"]
    finally:
        with app.app_context():
            _allow_all_numbers()


def _refuse_account_number(number: str) -> None:
    from sqlalchemy import text

    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(
            "CREATE FUNCTION refuse_number() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.number = '{number}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ "
            "LANGUAGE plpgsql"))
        db.session.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON accounts "
                                "FOR EACH ROW EXECUTE FUNCTION refuse_number()"))
    else:
        db.session.execute(text(f"CREATE TRIGGER refuse BEFORE INSERT ON accounts WHEN NEW.number = '{number}' "
                                "BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    db.session.commit()


def _allow_all_numbers() -> None:
    from sqlalchemy import text

    db.session.execute(text("DROP TRIGGER refuse" + (" ON accounts" if db.engine.dialect.name == "postgresql" else "")))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP FUNCTION refuse_number()"))
    db.session.commit()


@pytest.mark.parametrize("second_row, expected", [
    ("L-1,Lee,Ann,,214-555-0111,,,,,", "1 updated"),  # the phone moved to the home column
    ("L-1,Lee,Ann,214-555-0111,214-555-0199,,,,,", "1 updated"),  # a new phone
    ("L-1,Lee,Ann,214-555-0111,,,,,,Repo", "1 updated"),
    ("L-1,Lee,Ann,(214) 555-0111,,TX,75201,$100,11/1/26,current", "1 unchanged"),
])
def test_what_counts_as_a_change(runner, app, tmp_path, second_row, expected):
    header = "Account #,Last Name,First Name,Cell,Home,State,Zip,Balance,Due Date,Status\n"
    run_import(runner, "accounts", write_csv(
        tmp_path, header + "L-1,Lee,Ann,214-555-0111,,TX,75201,100.00,11/01/2026,current\n"))
    result = run_import(runner, "accounts", write_csv(tmp_path, header + second_row + "\n", name="2.csv"))
    assert expected in result.output, result.output
    with app.app_context():
        assert len({p.number for p in _account("L-1").phones}) == len(_account("L-1").phones)


def test_new_email_is_a_change_and_a_zone_set_by_hand_stays(runner, app, tmp_path):
    header = "Account #,Customer Name,Email\n"
    run_import(runner, "accounts", write_csv(tmp_path, header + "T-1,Ann Lee,ann@example.com\n"))
    with app.app_context():
        _account("T-1").timezone = "America/Denver"
        db.session.commit()
    same = run_import(runner, "accounts", write_csv(tmp_path, header + "T-1,Ann Lee,ANN@example.com\n", name="2.csv"))
    assert "1 unchanged" in same.output
    more = run_import(runner, "accounts", write_csv(tmp_path, header + "T-1,Ann Lee,ann@work.example\n", name="3.csv"))
    assert "1 updated" in more.output
    with app.app_context():
        account = _account("T-1")
        assert account.timezone == "America/Denver" and len(account.emails) == 2
