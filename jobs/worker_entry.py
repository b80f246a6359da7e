"""What an RQ worker runs: the named job inside the desk's app context.

`desk worker` already provides the context (DeskWorker); a plain `rq worker` gets an app built
once per process. A job queued from an outbox row names the row in its meta and runs holding
the row's lease.
"""
from flask import has_app_context

_app = None


def _process_app():
    global _app
    if _app is None:
        from desk import create_app

        _app = create_app()
    return _app


def run(func_path: str, *args):
    if has_app_context():
        return _call(func_path, args)
    from desk.extensions import db

    with _process_app().app_context():
        try:
            return _call(func_path, args)
        finally:
            db.session.remove()


def _call(func_path: str, args: tuple):
    """A job queued from an outbox row runs holding the row's lease (jobs.outbox.run_dispatched)."""
    from rq import get_current_job

    from jobs import resolve
    from jobs.outbox import OUTBOX_ID, run_dispatched

    job = get_current_job()
    row_id = (job.meta or {}).get(OUTBOX_ID) if job is not None else None
    if row_id is None:
        return resolve(func_path)(*args)
    return run_dispatched(row_id, func_path, list(args))
