"""Console forms are sent once: each carries a one-time key (rendered by csrf_field in
templates/_forms.html), consumed by its first submission. A second submission of the same form (a
double click, a resend after a dropped answer) does nothing again: it waits for the first to
finish and is answered as it was, with a note that it was already done."""
from flask import flash, g, redirect, request
from flask_login import current_user

from console import bp
from desk import idempotency
from desk.idempotency import FIELD, Outcome

WAIT_SECONDS = 10.0  # for the first submission of a form still being saved


def form_key() -> str | None:
    """A new key for a form on the page (none for a visitor, who has no keys)."""
    return idempotency.new_key() if current_user.is_authenticated else None


@bp.before_request
def claim_form_key():
    if request.method != "POST" or not current_user.is_authenticated or FIELD not in request.form:
        return None
    key = idempotency.checked_key(request.form.get(FIELD), FIELD)
    attempt = idempotency.attempt_of(request, current_user.id, key)
    outcome, row = idempotency.claim(attempt)
    if outcome is Outcome.BUSY:
        outcome, row = idempotency.wait_for_first(attempt, WAIT_SECONDS)
    if outcome is Outcome.CLAIMED:
        idempotency.hold(row)
        return None
    if outcome is Outcome.REPLAY:
        flash("Already done: this form was sent once already.", "ok")
        return idempotency.replay(row)
    if outcome is Outcome.MISMATCH:
        flash("This form was already sent with other values; nothing was changed. Reload the page to send it again.",
              "error")
    else:
        flash("This form is still being saved; reload the page in a moment to see it.", "error")
    return redirect(request.referrer or "/")


@bp.after_request
def store_answer(response):
    """Only what was done is kept: a refused form (flashed and sent back) can be corrected and sent again."""
    return idempotency.settle(response, keep=response.status_code < 400 and not g.get("refused"))


@bp.teardown_request
def free_key(error):
    idempotency.abandon(error)
