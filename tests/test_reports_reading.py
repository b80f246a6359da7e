"""The reports' reader: on PostgreSQL two connections read the queries side by side; on either
database every answer comes back in the order asked, and a query that fails fails the read."""
import pytest
from sqlalchemy import literal, select, text
from sqlalchemy.exc import DBAPIError

from desk.extensions import db
from desk.reports.reading import read_all


def test_every_answer_comes_back_in_the_order_asked(app):
    with app.app_context():
        queries = [select(literal(n).label("n")) for n in range(7)]
        answers = read_all(queries)
    assert [[row["n"] for row in rows] for rows in answers] == [[n] for n in range(7)]


def test_the_lanes_read_on_connections_of_their_own_on_postgresql(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("side by side only on PostgreSQL")
        own = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        answers = read_all([text("SELECT pg_backend_pid() AS pid")] * 4)
    assert own not in {rows[0]["pid"] for rows in answers}  # pooled connections, not the request's


def test_a_query_that_fails_fails_the_read(app):
    with app.app_context():
        with pytest.raises(DBAPIError):
            read_all([select(literal(1)), text("SELECT no_such_column FROM accounts")])
