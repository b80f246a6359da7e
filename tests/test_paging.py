"""A cursor is opaque: one the API never gave (the right number of values, of the wrong kinds)
is a 422 on every paged list, never a database error."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk import paging

VALUES = (st.none() | st.booleans() | st.integers(-2**80, 2**80) | st.floats(allow_nan=False)
          | st.text(max_size=30) | st.dates().map(str) | st.datetimes().map(str)
          | st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "a\x00b", [1], {}]))
PAGED = {"/api/v1/accounts": 3, "/api/v1/worklist": 3, "/api/v1/conversations": 1,
         "/api/v1/accounts/{a}/activities": 2, "/api/v1/accounts/{a}/messages": 2, "/api/v1/accounts/{a}/emails": 2}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), path=st.sampled_from(sorted(PAGED)))
def test_a_forged_cursor_is_a_422(api, account, data, path):
    values = data.draw(st.lists(VALUES, min_size=PAGED[path], max_size=PAGED[path]))
    answer = api.get(path.format(a=account), query_string={"cursor": paging.encode(values)})
    assert answer.status_code in (200, 422), (values, answer.json)
    if answer.status_code == 422:
        assert answer.json["error"]["fields"] == {"cursor": ["Not a cursor this API gave."]}


def test_the_cursors_the_api_gives_still_page(api, account, app):
    from desk.accounts.records import create_account
    from desk.extensions import db

    with app.app_context():
        for n in range(3):
            create_account({"number": f"P-{n}", "first_name": "Pat", "last_name": f"Page{n}"})
        db.session.commit()
    seen, cursor = [], None
    while True:
        answer = api.get("/api/v1/accounts", query_string={"limit": 1, **({"cursor": cursor} if cursor else {})}).json
        seen += [item["id"] for item in answer["items"]]
        cursor = answer["next"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 4
