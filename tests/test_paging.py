"""A cursor is opaque and signed with the SECRET_KEY: one the API never gave (forged, changed,
cut short, signed by another key, or signed for another list) is a 400 naming `cursor` on every
paged list, never a database error."""
import base64
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from itsdangerous import BadData, URLSafeSerializer, base64_decode

from desk import paging

VALUES = (st.none() | st.booleans() | st.integers(-2**80, 2**80) | st.floats(allow_nan=False)
          | st.text(max_size=30) | st.dates().map(str) | st.datetimes().map(str)
          | st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "a\x00b", [1], {}]))
PAGED = {"/api/v1/accounts": 3, "/api/v1/worklist": 3, "/api/v1/conversations": 1,
         "/api/v1/accounts/{a}/activities": 2, "/api/v1/accounts/{a}/messages": 2, "/api/v1/accounts/{a}/emails": 2}
REFUSED = {"cursor": [paging.NOT_OURS]}


def refused(answer) -> bool:
    return answer.status_code == 400 and answer.json["error"]["fields"] == REFUSED


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), path=st.sampled_from(sorted(PAGED)))
def test_values_of_the_wrong_kinds_are_a_400_even_when_signed(app, api, account, data, path):
    values = data.draw(st.lists(VALUES, min_size=PAGED[path], max_size=PAGED[path]))
    with app.app_context():
        cursor = paging.encode(values)
    answer = api.get(path.format(a=account), query_string={"cursor": cursor})
    assert answer.status_code == 200 or refused(answer), (values, answer.json)


def unsigned(values) -> str:
    """A cursor as the desk wrote them before they were signed: base64 of the JSON values."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize("path", sorted(PAGED))
def test_an_unsigned_cursor_is_a_400(api, account, path):
    values = {1: [5], 2: ["2026-01-01T00:00:00+00:00", 5], 3: ["Garcia", "Maria", 5]}[PAGED[path]]
    if path == "/api/v1/worklist":
        values = ["2026-01-01", 5, 5]
    answer = api.get(path.format(a=account), query_string={"cursor": unsigned(values)})
    assert refused(answer), answer.json


def a_real_cursor(app, api) -> str:
    from desk.accounts.records import create_account
    from desk.extensions import db

    with app.app_context():
        for n in range(3):
            create_account({"number": f"P-{n}", "first_name": "Pat", "last_name": f"Page{n}"})
        db.session.commit()
    return api.get("/api/v1/accounts", query_string={"limit": 1}).json["next"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), replacement=st.sampled_from("AZaz09-_.="))
@example(position=0, replacement="X")
def test_a_changed_cursor_is_a_400(app, api, account, position, replacement):
    with app.app_context():
        cursor = paging.encode(["Garcia", "Maria", account])  # as the accounts list signs its last row
    at = position % len(cursor)
    changed = cursor[:at] + replacement + cursor[at + 1:]
    if same_bytes(changed, cursor):  # a segment's last base64 letter carries unused bits
        return
    answer = api.get("/api/v1/accounts", query_string={"cursor": changed})
    assert refused(answer), (changed, answer.json)


def same_bytes(one: str, other: str) -> bool:
    try:
        return [base64_decode(part) for part in one.split(".")] == [base64_decode(p) for p in other.split(".")]
    except BadData:
        return False


def test_a_cut_short_or_foreign_cursor_is_a_400(app, api, account):
    cursor = a_real_cursor(app, api)
    values = URLSafeSerializer(app.config["SECRET_KEY"], salt=paging.SALT).loads(cursor)
    foreign = URLSafeSerializer("another-desk's-key", salt=paging.SALT).dumps(values)
    other_salt = URLSafeSerializer(app.config["SECRET_KEY"], salt="something-else").dumps(values)
    for bad in (cursor[:-1], cursor[: len(cursor) // 2], cursor.split(".")[0], foreign, other_salt, "", "."):
        answer = api.get("/api/v1/accounts", query_string={"cursor": bad})
        assert bad == "" and answer.status_code == 200 or refused(answer), (bad, answer.json)


def test_the_cursors_the_api_gives_still_page(api, account, app):
    cursor = a_real_cursor(app, api)
    seen = [api.get("/api/v1/accounts", query_string={"limit": 1}).json["items"][0]["id"]]
    while cursor is not None:
        answer = api.get("/api/v1/accounts", query_string={"limit": 1, "cursor": cursor}).json
        seen += [item["id"] for item in answer["items"]]
        cursor = answer["next"]
    assert len(seen) == len(set(seen)) == 4
    first = api.get("/api/v1/accounts", query_string={"limit": 1}).json["next"]
    assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in first)  # URL-safe as it is


def test_list_routes_document_the_400(client):
    spec = client.get("/api/v1/openapi.json").json
    for path in PAGED:
        operation = spec["paths"][path.removeprefix("/api/v1").replace("{a}", "{account_id}")]["get"]
        assert "400" in operation["responses"], path
