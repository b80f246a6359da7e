"""Every bad input is a 4xx naming the field, on SQLite and PostgreSQL alike: text no database
here stores (NUL, lone surrogates), dates at the calendar's ends, JSON nested without end, numbers
too big for any column, digits that are not ASCII digits. Nothing is half written."""
from datetime import date, timedelta
from io import BytesIO

import pytest

from desk.extensions import db
from models import Account, Activity, Payment, Promise
from tests.helpers import signed_post

NUL, SURROGATE = "a\x00b", "a\ud800b"
SOON = (date.today() + timedelta(days=5)).isoformat()  # a due date the rules accept


def counts(app):
    with app.app_context():
        return [db.session.query(model).count() for model in (Account, Activity, Promise, Payment)]


def refused(answer, field: str, status: int = 422) -> bool:
    return answer.status_code == status and field in answer.json["error"]["fields"]


WRITES = [
    ("/api/v1/accounts/{a}/activities", {"notes": "{bad}"}, "notes"),
    ("/api/v1/accounts/{a}/activities", {"notes": "ok", "override_reason": "{bad}"}, "override_reason"),
    ("/api/v1/accounts/{a}/activities", {"disposition": "{bad}"}, "disposition"),
    ("/api/v1/accounts/{a}/promises", {"amount": "10", "due_on": SOON, "notes": "{bad}"}, "notes"),
    ("/api/v1/accounts/{a}/payments", {"amount": "10", "reference": "{bad}"}, "reference"),
    ("/api/v1/accounts", {"number": "{bad}", "first_name": "A", "last_name": "B"}, "number"),
    ("/api/v1/accounts", {"number": "N-1", "first_name": "A", "last_name": "B",
                          "address": {"city": "{bad}"}}, "address"),
]


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
@pytest.mark.parametrize(("path", "body", "field"), WRITES)
def test_unstorable_text_in_json_is_a_422_naming_the_field(app, api, account, bad, path, body, field):
    before = counts(app)
    body = {k: (v.replace("{bad}", bad) if isinstance(v, str) else
                {kk: vv.replace("{bad}", bad) for kk, vv in v.items()}) for k, v in body.items()}
    answer = api.post(path.format(a=account), json=body)
    assert refused(answer, field), answer.json
    assert counts(app) == before


def test_unstorable_text_in_a_patch_and_a_key(app, api, account):
    assert refused(api.patch(f"/api/v1/accounts/{account}", json={"vehicle": NUL}), "vehicle")
    answer = api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "ok", "x\x00": 1})
    assert answer.status_code == 422 and "x\\x00" in answer.json["error"]["fields"], answer.json


@pytest.mark.parametrize("query", [{"q": NUL}, {"cursor": NUL}, {"x\x00": "1"}])
def test_nul_in_a_query_string_is_a_422(api, account, query):
    answer = api.get("/api/v1/accounts", query_string=query)
    assert answer.status_code == 422, answer.json
    assert len(answer.json["error"]["fields"]) == 1


def test_nul_in_console_queries_and_forms_is_a_422(app, client, auth, account):
    auth.login()
    assert client.get("/accounts", query_string={"q": NUL}).status_code == 422
    before = counts(app)
    page = client.post(f"/accounts/{account}/activities", data={"notes": NUL})
    assert page.status_code == 422 and b"notes" in page.data
    assert counts(app) == before


def test_nul_in_the_login_form_is_a_422(client, users):
    page = client.post("/login", data={"email": "cole@test.local\x00", "password": "x"})
    assert page.status_code == 422 and b"email" in page.data


def test_nul_deep_in_a_csv_import_is_a_422_naming_the_file(app, admin_api):
    rows = "".join(f"A-{n},Pat,Row{n}\n" for n in range(400))
    content = ("number,first_name,last_name\n" + rows + "A-X,Pa\x00t,Nul\n").encode()
    assert b"\x00" not in content[:4096]
    answer = admin_api.post("/api/v1/imports/accounts", data={"file": (BytesIO(content), "export.csv")},
                            content_type="multipart/form-data")
    assert refused(answer, "file"), answer.json
    assert "Line 402" in answer.json["error"]["message"]


def test_nul_in_a_webhook_query_is_no_500(app, client, account):
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    answer = signed_post(app, client, "/webhooks/twilio/sms/status?m=1\x00", {"MessageStatus": "delivered"})
    assert 400 <= answer.status_code < 500


DATES = [
    ("/api/v1/accounts/{a}/activities", {"notes": "x", "follow_up_on": "0001-01-01"}, "follow_up_on"),
    ("/api/v1/accounts/{a}/activities", {"notes": "x", "follow_up_on": "9999-12-31"}, "follow_up_on"),
    ("/api/v1/accounts/{a}/promises", {"amount": "10", "due_on": "9999-12-31"}, "due_on"),
    ("/api/v1/accounts/{a}/promises", {"installments": [{"amount": "10", "due_on": "0001-01-01"}]},
     "installments"),
    ("/api/v1/accounts/{a}/payments", {"amount": "10", "paid_on": "0001-01-01"}, "paid_on"),
    ("/api/v1/accounts", {"number": "N-2", "first_name": "A", "last_name": "B", "due_on": "1899-12-31"}, "due_on"),
    ("/api/v1/accounts", {"number": "N-3", "first_name": "A", "last_name": "B", "next_due_on": "2101-01-01"},
     "next_due_on"),
]


@pytest.mark.parametrize(("path", "body", "field"), DATES)
def test_dates_outside_1900_to_2100_are_a_422(app, api, account, path, body, field):
    before = counts(app)
    answer = api.post(path.format(a=account), json=body)
    assert refused(answer, field), answer.json
    assert counts(app) == before


def test_a_promise_fifty_years_ahead_is_a_422(app, api, account):
    answer = api.post(f"/api/v1/accounts/{account}/promises", json={"amount": "10", "due_on": "2076-12-01"})
    assert refused(answer, "due_on"), answer.json


def raw(api, path, text):
    return api.post(path, data=text, content_type="application/json")


def test_json_nested_ten_thousand_deep_is_a_422(api, account):
    for text in ("[" * 10_000 + "]" * 10_000, '{"notes": ' + "[" * 100 + "]" * 100 + "}"):
        answer = raw(api, f"/api/v1/accounts/{account}/activities", text)
        assert refused(answer, "_body"), answer.json


@pytest.mark.parametrize(("text", "field"), [
    ('{"notes": "x", "call_id": 1e400}', "call_id"),
    ('{"notes": "x", "call_id": ' + "9" * 400 + "}", "call_id"),
    ('{"notes": "x", "assigned_to": ' + "9" * 400 + "}", "assigned_to"),
    ('{"notes": "x", "assigned_to": -0}', "assigned_to"),
    ('{"disposition": ' + "1" * 400 + "}", "disposition"),
    ('{"disposition": -0}', "disposition"),
])
def test_huge_numbers_and_negative_zero_ids_are_a_422(app, api, account, text, field):
    before = counts(app)
    answer = raw(api, f"/api/v1/accounts/{account}/activities", text)
    assert refused(answer, field), answer.json
    assert counts(app) == before


@pytest.mark.parametrize("amount", ["99999999999999999999.99", "1e400", "١٠", "１０", "10\u200b", "1e3",
                                    "NaN", "Infinity", 1e400, 10**400])
def test_amounts_out_of_bounds_or_in_odd_digits_are_a_422(app, api, account, amount):
    before = counts(app)
    answer = api.post(f"/api/v1/accounts/{account}/payments", json={"amount": amount})
    assert refused(answer, "amount"), answer.json
    assert counts(app) == before


ODD_DIGITS = ["١", "１", "1\u200b", "1\u0301", "\u202e1", "¹", "𝟏"]


@pytest.mark.parametrize("odd", ODD_DIGITS)
def test_odd_unicode_digits_name_no_row(app, api, account, odd):
    before = counts(app)
    for body, field in (({"disposition": odd}, "disposition"), ({"notes": "x", "assigned_to": odd}, "assigned_to"),
                        ({"notes": "x", "call_id": odd}, "call_id")):
        answer = api.post(f"/api/v1/accounts/{account}/activities", json=body)
        assert refused(answer, field), (body, answer.json)
    assert counts(app) == before
    assert refused(api.get("/api/v1/accounts", query_string={"limit": odd}), "limit")
    assert refused(api.get("/api/v1/accounts", query_string={"assigned_to": odd}), "assigned_to")


def test_odd_unicode_digits_in_a_path_name_no_row(api, account):
    for zero in ("٠", "０"):  # Arabic-Indic and fullwidth digits, which int() reads
        odd = str(account).translate({ord("0") + n: ord(zero) + n for n in range(10)})
        assert api.get(f"/api/v1/accounts/{odd}").status_code == 404


def test_csv_dates_outside_1900_to_2100_are_row_errors(app, admin_api):
    content = (b"Account #,First Name,Last Name,Due Date,As Of\n"
               b"D-1,Ann,Lee,01/01/0001,11/20/2026\nD-2,Bob,Ray,11/01/2026,12/31/9999\n"
               b"D-3,Cy,Fox,11/01/2026,11/20/2026\n")
    answer = admin_api.post("/api/v1/imports/accounts", data={"file": (BytesIO(content), "export.csv")},
                            content_type="multipart/form-data")
    assert answer.status_code == 202, answer.json
    run = admin_api.get(answer.json["url"]).json
    assert (run["created"], run["failed"]) == (1, 2), run
    assert {(e["line"], e["column"]) for e in run["errors"]} == {(2, "Due Date"), (3, "As Of")}, run["errors"]


@pytest.mark.parametrize("header", ["Acct\\u0000", "Acct\\ud800"], ids=["nul", "surrogate"])
def test_an_import_mapping_naming_unstorable_headers_is_a_422(app, admin_api, header):
    content = b"Acct,First Name,Last Name\nM-1,Ann,Lee\n"
    mapping = ('{"columns": {"number": "' + header + '"}}').encode()
    answer = admin_api.post("/api/v1/imports/accounts", data={"file": (BytesIO(content), "export.csv"),
                                                              "mapping": (BytesIO(mapping), "mapping.json")},
                            content_type="multipart/form-data")
    assert refused(answer, "mapping"), answer.json
    assert counts(app)[0] == 0
