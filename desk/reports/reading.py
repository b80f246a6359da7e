"""Reading a report's queries: on PostgreSQL two at a time, each lane on its own pooled
connection taking the next query as it finishes one, so a summary's dozen aggregates use both
CPUs of a small server instead of one (bench/reports_summary.py). On SQLite one after another on
the request's session. Put the dearest query first: the other lane meanwhile reads the rest.

Side by side, each query reads what was committed when it started, as every statement of a
read-committed transaction does anyway; a report never reads the request's own unsaved writes.
"""
from concurrent.futures import ThreadPoolExecutor
from queue import Empty, SimpleQueue

from desk.extensions import db

LANES = 2  # connections a report reads through at once (the small server's CPUs)


def read_all(queries: list) -> list[list]:
    """Each query's rows (as mappings), in the order of `queries`."""
    if db.engine.dialect.name != "postgresql" or len(queries) < 2:
        return [db.session.execute(query).mappings().all() for query in queries]
    engine, pending, answers = db.engine, SimpleQueue(), [None] * len(queries)
    for item in enumerate(queries):
        pending.put(item)

    def lane(_n) -> None:
        with engine.connect() as connection:
            while (item := _next(pending)) is not None:
                answers[item[0]] = connection.execute(item[1]).mappings().all()

    with ThreadPoolExecutor(LANES, thread_name_prefix="report") as pool:
        list(pool.map(lane, range(LANES)))  # a lane's error is raised here
    return answers


def _next(pending: SimpleQueue):
    try:
        return pending.get_nowait()
    except Empty:
        return None
