"""The DMS file's consent to prerecorded messages: imported onto the row's mobile phone, in the
consent ledger, idempotent, with bad cells reported by line and column."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from desk.extensions import db
from models import Account, ConsentEvent, Phone
from tests.helpers import run_import, write_csv

HEADER = "Account #,First Name,Last Name,Cell Phone,Home Phone,State,Prerecorded Consent,Consent Date,Consent Source\n"


def phones(number: str) -> dict[str, Phone]:
    account = db.session.execute(select(Account).where(Account.number == number)).scalar_one()
    return {p.label: p for p in account.phones}


def ledger() -> list[tuple]:
    return [(e.action, e.how, e.phone_number) for e in db.session.execute(
        select(ConsentEvent).where(ConsentEvent.channel == "automated").order_by(ConsentEvent.id)).scalars()]


def test_consent_columns_land_on_the_mobile_phone(runner, app, tmp_path):
    path = write_csv(tmp_path, HEADER
                     + "C-1,Ann,Lee,214-555-0111,214-555-0121,TX,Yes,03/15/2025,Credit application\n"
                     + "C-2,Bob,Ray,214-555-0112,,TX,no,,\n"
                     + "C-3,Cy,Day,,214-555-0123,TX,Y,,\n"
                     + "C-4,Di,Fox,214-555-0114,,TX,,,\n")
    result = run_import(runner, "accounts", path)
    assert result.exit_code == 0, result.output
    assert "4 created" in result.output
    with app.app_context():
        ann = phones("C-1")
        assert ann["mobile"].prerecorded_consent and ann["mobile"].prerecorded_consent_how == "credit_application"
        assert ann["mobile"].prerecorded_consent_at == datetime(2025, 3, 15, 12, tzinfo=UTC)
        assert not ann["home"].prerecorded_consent
        assert not phones("C-2")["mobile"].prerecorded_consent
        cy = phones("C-3")["home"]  # no mobile: the row's first phone
        assert cy.prerecorded_consent and cy.prerecorded_consent_how == "dms_import"
        assert not phones("C-4")["mobile"].prerecorded_consent
        assert ledger() == [("opt_in", "credit_application", "+12145550111"), ("opt_in", "dms_import", "+12145550123")]


def test_the_same_file_again_adds_nothing_and_a_no_withdraws(runner, app, tmp_path):
    row = "C-1,Ann,Lee,214-555-0111,,TX,{},03/15/2025,verbal\n"
    path = write_csv(tmp_path, HEADER + row.format("yes"))
    assert run_import(runner, "accounts", path).exit_code == 0
    assert run_import(runner, "accounts", path).exit_code == 0
    with app.app_context():
        assert ledger() == [("opt_in", "verbal", "+12145550111")]
    withdrawn = write_csv(tmp_path, HEADER + row.format("No"), name="withdrawn.csv")
    assert run_import(runner, "accounts", withdrawn).exit_code == 0
    with app.app_context():
        assert not phones("C-1")["mobile"].prerecorded_consent
        assert [action for action, _, _ in ledger()] == ["opt_in", "opt_out"]


def test_a_mapping_file_names_other_headers(runner, app, tmp_path):
    path = write_csv(tmp_path, "Acct,First,Last,Cell,Robo OK,Robo OK Since\nM-1,Ann,Lee,214-555-0111,TRUE,2025-01-02\n")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\nprerecorded_consent = "Robo OK"\nprerecorded_consent_date = "Robo OK Since"\n')
    result = run_import(runner, "accounts", path, "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    with app.app_context():
        mobile = phones("M-1")["mobile"]
        assert mobile.prerecorded_consent and mobile.prerecorded_consent_at.date().isoformat() == "2025-01-02"


@pytest.mark.parametrize("cells, column, message", [
    ("214-555-0111,,TX,maybe,,", "Prerecorded Consent", "Must be yes or no."),
    ("214-555-0111,,TX,yes,31/31/2025,", "Consent Date", "Unreadable date"),
    ("214-555-0111,,TX,yes,,by carrier pigeon", "Consent Source", "Must be one of"),
    (",,TX,yes,,", "Prerecorded Consent", "no phone to give the consent to"),
])
def test_bad_consent_cells_name_line_and_column(runner, app, tmp_path, cells, column, message):
    result = run_import(runner, "accounts", write_csv(tmp_path, HEADER + "B-1,Ann,Lee," + cells + "\n"))
    assert result.exit_code == 1
    assert f"line 2, {column}: " in result.output and message in result.output
    with app.app_context():
        assert db.session.query(Account).count() == 0 and ledger() == []


DNC_HEADER = "Account #,First Name,Last Name,Cell Phone,Home Phone,State,Do Not Call\n"


def call_ledger() -> list[tuple]:
    return [(e.action, e.how, e.phone_number) for e in db.session.execute(
        select(ConsentEvent).where(ConsentEvent.channel == "call").order_by(ConsentEvent.id)).scalars()]


def test_do_not_call_stops_calls_to_every_phone_of_the_row(runner, app, tmp_path):
    path = write_csv(tmp_path, DNC_HEADER + "D-1,Ann,Lee,214-555-0111,214-555-0121,TX,Y\n"
                     + "D-2,Bob,Ray,214-555-0112,,TX,no\n" + "D-3,Cy,Day,214-555-0113,,TX,\n")
    result = run_import(runner, "accounts", path)
    assert result.exit_code == 0, result.output
    assert run_import(runner, "accounts", path).exit_code == 0  # again: nothing new
    with app.app_context():
        ann = phones("D-1")
        assert ann["mobile"].call_opt_out and ann["home"].call_opt_out
        assert ann["mobile"].call_opt_out_how == "dms_import"
        assert not phones("D-2")["mobile"].call_opt_out and not phones("D-3")["mobile"].call_opt_out
        assert call_ledger() == [("opt_out", "dms_import", "+12145550111"), ("opt_out", "dms_import", "+12145550121")]


def test_a_no_in_the_file_does_not_undo_a_request_to_stop_calling(runner, app, tmp_path):
    assert run_import(runner, "accounts", write_csv(tmp_path, DNC_HEADER + "D-1,Ann,Lee,214-555-0111,,TX,yes\n")
                      ).exit_code == 0
    later = write_csv(tmp_path, DNC_HEADER + "D-1,Ann,Lee,214-555-0111,,TX,No\n", name="later.csv")
    assert run_import(runner, "accounts", later).exit_code == 0
    with app.app_context():
        assert phones("D-1")["mobile"].call_opt_out
        assert call_ledger() == [("opt_out", "dms_import", "+12145550111")]


@pytest.mark.parametrize("cells, message", [("214-555-0111,,TX,perhaps", "Must be yes or no."),
                                            (",,TX,yes", "no phone to stop calling")])
def test_bad_do_not_call_cells_name_line_and_column(runner, app, tmp_path, cells, message):
    result = run_import(runner, "accounts", write_csv(tmp_path, DNC_HEADER + "B-1,Ann,Lee," + cells + "\n"))
    assert result.exit_code == 1
    assert "line 2, Do Not Call: " in result.output and message in result.output
    with app.app_context():
        assert db.session.query(Account).count() == 0 and call_ledger() == []
