"""Property tests: whatever JSON arrives, the API answers without a server error and never
writes part of a record."""
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desk.extensions import db
from models import Account, Activity, Promise
from tests.helpers import JSON

FIELDS = ["number", "first_name", "last_name", "phones", "emails", "address", "balance", "amount_due",
          "due_on", "status", "assigned_to", "type", "disposition", "notes", "follow_up_on", "amount",
          "call_id", "timezone", "days_past_due"]
BODIES = st.one_of(JSON, st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def counts(app):
    with app.app_context():
        return [db.session.query(model).count() for model in (Account, Activity, Promise)]


@FUZZ
@given(body=BODIES, path=st.sampled_from(["/api/v1/accounts", "/api/v1/accounts/{id}/activities",
                                          "/api/v1/accounts/{id}/promises", "/api/v1/accounts/{id}/payments"]))
@example(body={"notes": "\x00"}, path="/api/v1/accounts/{id}/activities")  # PostgreSQL refuses NUL in text
@example(body={"notes": "\ud800"}, path="/api/v1/accounts/{id}/activities")  # no database encodes it
@example(body={"number": "0", "first_name": "\x00", "last_name": "0"}, path="/api/v1/accounts")
@example(body={"disposition": "١"}, path="/api/v1/accounts/{id}/activities")  # int("١") is 1
@example(body={"amount": "١٠", "due_on": "2026-12-10"}, path="/api/v1/accounts/{id}/promises")
@example(body={"notes": "x", "follow_up_on": "0001-01-01"}, path="/api/v1/accounts/{id}/activities")
def test_post_never_500_never_partial(app, api, account, body, path):
    before = counts(app)
    response = api.post(path.format(id=account), json=body)
    assert response.status_code in (201, 400, 403, 409, 422), response.json  # 403: a collector's money field
    if response.status_code != 201:
        assert counts(app) == before
        assert set(response.json["error"]) == {"code", "message", "fields"}


@FUZZ
@given(body=BODIES)
@example(body={"vehicle": "\x00"})
@example(body={"address": {"city": "\ud800"}})
def test_patch_account_never_500(app, api, account, body):
    response = api.patch(f"/api/v1/accounts/{account}", json=body)
    assert response.status_code in (200, 400, 403, 409, 422)  # 403: a collector's money or status change


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["q", "limit", "cursor", "assigned_to", "type"]),
                             st.text(max_size=30), max_size=4))
@example(query={"q": "\x00"})
@example(query={"cursor": "0"})  # not a cursor the API signed: 400
@example(query={"limit": "١"})
def test_list_queries_never_500(api, account, query):
    for path in ("/api/v1/accounts", f"/api/v1/accounts/{account}/activities"):
        assert api.get(path, query_string=query).status_code in (200, 400, 422)
