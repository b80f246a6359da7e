"""The migrations and the models agree, and the OpenAPI document is valid."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desk.extensions import db
from models.base import include_in_autogenerate


def test_migrations_match_models(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_in_autogenerate})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_openapi_document_is_valid(client):
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").json
    validate(spec)
    assert "/accounts/{account_id}/activities" in spec["paths"]
    assert "AccountIn" in spec["components"]["schemas"]
