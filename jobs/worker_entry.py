"""What an RQ worker runs: the named job inside the desk's app context.

`desk worker` already provides the context (DeskWorker); a plain `rq worker` gets an app built
once per process.
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
    from jobs import resolve

    if has_app_context():
        return resolve(func_path)(*args)
    from desk.extensions import db

    with _process_app().app_context():
        try:
            return resolve(func_path)(*args)
        finally:
            db.session.remove()
