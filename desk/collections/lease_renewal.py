"""A collector's writes on an account renew their queue lease on it: whatever the signed-in
user adds or changes that belongs to an account (an activity, a promise, a payment, the account
itself, ...) pushes the lease back when the transaction commits."""
from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event

from desk.extensions import db
from models import Account, QueueLease, QueueSkip

NOT_WORK = (QueueLease, QueueSkip)
KEY = "queue_accounts_written"


def _account_of(row) -> int | None:
    if isinstance(row, Account):
        return row.id
    if isinstance(row, NOT_WORK):
        return None
    return getattr(row, "account_id", None)


def _after_flush(session, flush_context) -> None:
    written = {_account_of(row) for row in (*session.new, *session.dirty)} - {None}
    if written:
        session.info.setdefault(KEY, set()).update(written)


def _before_commit(session) -> None:
    written = session.info.pop(KEY, None)
    if written and has_request_context() and current_user and current_user.is_authenticated:
        from desk.collections.queue import renew

        renew(current_user, written)


def _forget(session, *args) -> None:
    session.info.pop(KEY, None)


def listen() -> None:
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
        event.listen(db.session, "before_commit", _before_commit)
        event.listen(db.session, "after_rollback", _forget)
