"""The OpenAPI document is made from the routes: every /api/v1 rule is in it, with its schemas and
the error answers, and the errors keep the desk's shape."""
import re

import pytest

HIDDEN = {"HEAD", "OPTIONS"}
DOCUMENT = "/api/v1/openapi.json"


@pytest.fixture
def spec(client):
    return client.get(DOCUMENT).json


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_api_rule_is_documented(app, spec):
    base = spec["servers"][0]["url"]
    documented = {(base + path, method.upper()) for path, method, _ in operations(spec)}
    served = {(re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method)
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/") and rule.rule != DOCUMENT
              for method in rule.methods - HIDDEN}
    assert len(served) > 30
    assert served - documented == set()
    assert documented - served == set()


def test_every_operation_documents_its_answers(spec):
    schemas = spec["components"]["schemas"]
    errors = spec["components"]["responses"]
    for path, method, operation in operations(spec):
        responses = operation["responses"]
        ok = [status for status in responses if status.startswith("2")]
        # one success answer; or an answer and a 204 "nothing now" (the work queue when empty)
        assert len(ok) == 1 or sorted(ok) == ["200", "204"], (path, method)
        for status in ok:
            if status == "204":  # done, nothing to answer (a revoked token, a changed password)
                assert "content" not in responses["204"], (path, method)
            elif "application/zip" in responses[status]["content"]:  # a file to download (a record export)
                assert responses[status]["content"] == {
                    "application/zip": {"schema": {"type": "string", "format": "binary"}}}, (path, method)
            else:
                assert "$ref" in responses[status]["content"]["application/json"]["schema"], (path, method)
        assert "401" in responses and "default" in responses, (path, method)
        if "{" in path:
            assert "404" in responses, (path, method)
            assert operation["parameters"][0]["in"] == "path", (path, method)
        if method in ("post", "patch"):
            assert "400" in responses, (path, method)  # a session write without its CSRF token
        for status, answer in responses.items():
            if not status.startswith("2"):
                name = answer["$ref"].rsplit("/", 1)[1]
                assert errors[name]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    assert set(schemas["ErrorOut"]["required"]) == {"error"}
    assert set(schemas["ErrorDetailOut"]["properties"]) == {"code", "message", "fields"}


def test_bodies_and_queries_are_documented(spec):
    paths = spec["paths"]
    assert paths["/accounts"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"] \
        == "#/components/schemas/AccountIn"
    patch = paths["/accounts/{account_id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert patch["$ref"] == "#/components/schemas/AccountInPartial"
    assert "required" not in spec["components"]["schemas"]["AccountInPartial"]
    assert {p["name"] for p in paths["/accounts"]["get"]["parameters"]} == \
        {"q", "assigned_to", "limit", "cursor", "sort"}
    upload = paths["/accounts/{account_id}/attachments"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["$ref"] == "#/components/schemas/AttachmentUpload"
    assert "422" in paths["/accounts/{account_id}/messages"]["post"]["responses"]


def test_worklist_and_me_are_documented(spec):
    schemas = spec["components"]["schemas"]
    worklist = spec["paths"]["/worklist"]["get"]
    assert {p["name"] for p in worklist["parameters"]} == {"limit", "cursor", "sort"}
    assert worklist["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/WorkItemPage")
    assert schemas["WorkItemPage"]["properties"]["next"] == {"type": "string", "nullable": True}
    assert set(schemas["WorkItemOut"]["properties"]) == {"account", "reasons", "since"}
    me = spec["paths"]["/me"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert me["$ref"] == "#/components/schemas/UserOut"
    assert "patch" in spec["paths"]["/me"] and "time_zone" in schemas["MeIn"]["properties"]


def test_the_document_is_public(app):
    assert app.test_client().get(DOCUMENT).status_code == 200


def test_validation_errors_keep_the_desk_shape(api, account):
    answer = api.get("/api/v1/worklist?limit=0")
    assert answer.status_code == 422
    assert answer.json == {"error": {"code": "invalid", "message": "The request has invalid fields.",
                                     "fields": {"limit": answer.json["error"]["fields"]["limit"]}}}
    answer = api.post("/api/v1/accounts", json={"number": "X-1", "first_name": "A", "last_name": "B", "bogus": 1})
    assert answer.status_code == 422 and set(answer.json["error"]["fields"]) == {"bogus"}
    for data in ("[]", "not json", ""):
        answer = api.post("/api/v1/accounts", data=data, content_type="application/json")
        assert answer.status_code == 422
        assert answer.json["error"]["code"] == "invalid" and "_body" in answer.json["error"]["fields"]
    answer = api.post(f"/api/v1/accounts/{account}/promises", data="amount=5", content_type="text/plain")
    assert answer.status_code == 422 and "_body" in answer.json["error"]["fields"]


def test_a_missing_row_or_role_answers_before_a_bad_body(api, account):
    assert api.patch("/api/v1/accounts/999999", json={"bogus": 1}).status_code == 404
    assert api.post("/api/v1/accounts/999999/activities", json=[]).status_code == 404
    assert api.post("/api/v1/templates", json={"bogus": 1}).status_code == 403
    assert api.post("/api/v1/imports/accounts").status_code == 403
