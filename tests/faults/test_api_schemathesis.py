"""Schemathesis drives every operation of /api/v1/openapi.json through the WSGI app, signed in
with a collector's bearer token: whatever it generates (valid and invalid), the API never
answers 5xx."""
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.helpers import token_for

BOUNDED = settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_no_operation_answers_5xx(app, users, account):
    bearer = {"Authorization": f"Bearer {token_for(app, users['collector'])}"}
    found = operations(app)
    assert len(found) > 20
    for operation in found:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @BOUNDED
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                case.call_and_validate(headers=bearer, checks=[not_a_server_error])

            check()


def test_an_id_too_big_for_the_database_is_a_404(api, account):
    for path in ("/api/v1/accounts/17701999530533870252083642368", f"/api/v1/accounts/{2**31}/messages",
                 f"/api/v1/messages/{2**63}/retry"):
        answer = api.get(path) if "retry" not in path else api.post(path)
        assert answer.status_code == 404, path
