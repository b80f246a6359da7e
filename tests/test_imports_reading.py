"""Reading files and values: encodings, delimiters, dates, money, names, header aliases."""
from datetime import date

import pytest

from desk.imports.mapping import resolve_columns
from desk.imports.reading import ImportFileError, read_table
from desk.imports.values import BadValue, clean_money, normalise_zip, parse_date, split_name


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_detected(delimiter):
    text = delimiter.join(["Account #", "Name", "Balance"]) + "\n" + delimiter.join(
        ["A-1", '"Lee, Ann"', '"$1,000.00"']) + "\n"
    table = read_table(text.encode())
    assert table.delimiter == delimiter
    assert table.rows == [(2, ("A-1", "Lee, Ann", "$1,000.00"))]


def test_encodings_and_line_numbers_with_blank_lines_and_multiline_cells():
    text = '\ufeffAccount #;Name\r\n\r\nA-1;"José\r\nMuñoz"\r\nA-2;Zoë\r\n'
    assert read_table(text.encode("utf-8")).header == ["Account #", "Name"]
    table = read_table(text.encode("utf-8-sig"))
    assert table.encoding == "utf-8" and table.rows[0] == (3, ("A-1", "José\r\nMuñoz"))
    assert table.rows[1][0] == 5
    cp = read_table("Account #;Name\nA-1;José Muñoz\n".encode("cp1252"))
    assert cp.encoding == "windows-1252" and cp.rows[0][1][1] == "José Muñoz"


def test_utf16_is_refused():
    with pytest.raises(ImportFileError):
        read_table("Account #,Name\n".encode("utf-16"))


@pytest.mark.parametrize("text, expected", [
    ("11/01/2026", date(2026, 11, 1)), ("1/5/27", date(2027, 1, 5)), ("2026-12-05", date(2026, 12, 5)),
    ("11-01-2026", date(2026, 11, 1)), ("11/01/2026 00:00:00", date(2026, 11, 1)),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/12/2026", "soon", "2026-13-01", ""])
def test_unreadable_dates(text):
    with pytest.raises(BadValue):
        parse_date(text)


@pytest.mark.parametrize("text, expected", [("$1,234.50", "1234.50"), ("(12.00)", "-12.00"),
                                            ("12.00-", "-12.00"), (" 7 ", "7")])
def test_money(text, expected):
    assert clean_money(text) == expected


@pytest.mark.parametrize("text, expected", [("Garcia, Maria", ("Maria", "Garcia")),
                                            ("Maria L Garcia", ("Maria L", "Garcia")),
                                            ("John Smith Jr.", ("John", "Smith Jr.")),
                                            ("Cher", ("", "Cher"))])
def test_split_name(text, expected):
    assert split_name(text) == expected


def test_zip_repairs():
    assert normalise_zip("2134") == "02134" and normalise_zip("752011234") == "75201-1234"


@pytest.mark.parametrize("header", ["Account #", "Acct No", "account_number", "ACCOUNT NUMBER", "Acct. #"])
def test_account_number_aliases(header):
    assert resolve_columns("accounts", [header, "Customer Name"])["number"] == 0


def test_missing_columns_name_what_is_needed():
    with pytest.raises(ImportFileError) as err:
        resolve_columns("payments", ["Account #", "Amount"])
    assert "paid_on" in err.value.message and "Columns found: Account #, Amount" in err.value.message
