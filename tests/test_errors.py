"""Unexpected errors roll the session back and answer JSON on /api, a page elsewhere."""
import pytest

from desk.extensions import db
from models import Account


@pytest.fixture
def app_config(app_config):
    app_config["TESTING"] = False  # let the error handlers answer instead of raising
    return app_config


@pytest.fixture
def failing(app):
    def half_write_then_fail():
        db.session.add(Account(number="HALF", first_name="H", last_name="W"))
        db.session.flush()
        raise RuntimeError("boom")

    app.add_url_rule("/api/v1/_boom", "boom_api", half_write_then_fail)
    app.add_url_rule("/_boom", "boom_page", half_write_then_fail)
    return app


def test_api_500_is_json_and_rolls_back(failing, api):
    response = api.get("/api/v1/_boom")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "server_error"
    with failing.app_context():
        assert db.session.query(Account).filter_by(number="HALF").count() == 0


def test_page_500_is_a_page(failing, client):
    response = client.get("/_boom")
    assert response.status_code == 500 and b"Nothing was saved" in response.data


def test_unknown_api_path_is_json_404(api):
    response = api.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
