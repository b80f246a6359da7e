"""Background work: the job functions, the outbox dispatcher, RQ queues and the recurring timer.

The verbs record jobs through `desk.outbox.enqueue` in their own transaction; `jobs.outbox`
hands them on after the commit (to RQ with REDIS_URL, else runs them in this process).
Job functions are plain module-level functions that take ids and strings, reload their rows,
raise on failure, and are safe to run twice.
"""
import importlib


def resolve(func_path: str):
    """The job function named by its dotted path."""
    module, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module), name)
