"""What an RQ worker runs: the named job inside the desk's app context."""
from flask import current_app, has_app_context


def run(func_path: str, *args):
    from jobs import resolve

    if has_app_context():
        return resolve(func_path)(*args)
    from desk import create_app

    with create_app().app_context():
        return resolve(func_path)(*args)
