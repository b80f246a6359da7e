"""The desk's recurring work, as jobs on the `scheduled` queue (see jobs.scheduler for when)."""
from flask import current_app

from desk.extensions import db


def remind_promises() -> int:
    """Send the promise reminders that are due now (each commits on its own)."""
    from desk.collections.reminders import send_due_reminders

    return send_due_reminders()


def evaluate_promises() -> int:
    """Settle pending promises whose window has closed: kept or broken."""
    from desk.collections.promises import evaluate_due

    count = evaluate_due()
    db.session.commit()
    return count


def roll_schedules() -> int:
    """Accounts whose next due date has come: the amount due grows, days past due move."""
    from desk.collections.balances import roll_all

    return roll_all()


def snapshot_portfolio() -> int:
    """Today's portfolio snapshot (desk.reports.snapshots): the accounts it does not hold yet."""
    from desk.reports.snapshots import take_snapshot

    written = take_snapshot()
    db.session.commit()
    return written


def keep_day_sheets() -> int:
    """Take the reports' change log and make the last month's missing day sheets."""
    from desk.reports.sheets import keep_recent

    return keep_recent(current_app.config["DEALER_TIME_ZONE"])


def sweep_outbox() -> int:
    """Dispatch jobs whose after-commit hand-off did not happen (Redis was down, a crash)."""
    from jobs.outbox import sweep

    return sweep(current_app._get_current_object())


def prune_idempotency_keys() -> int:
    """Forget idempotency keys older than 24 hours (a repeat after that is a new request)."""
    from desk.idempotency import prune

    return prune()


def discard_stale_uploads() -> int:
    """Remove import files no import will read again (done, failed for a week, or orphaned)."""
    from desk.imports import discard_stale_uploads as discard

    return discard()
