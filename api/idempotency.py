"""The Idempotency-Key header on every POST (desk.idempotency does the work): the first answer
is stored and replayed to repeats; a repeat while the first runs is 409 idempotency_in_progress."""
from flask import jsonify, request
from flask_login import current_user

from api import bp
from desk import idempotency
from desk.errors import Invalid, error_body
from desk.idempotency import HEADER, Outcome

RETRY_AFTER_SECONDS = 1


@bp.before_request
def claim_key():
    """Runs after api.auth's check: only a known user's keys are kept."""
    if request.method != "POST" or HEADER not in request.headers:
        return None
    key = idempotency.checked_key(request.headers.get(HEADER))
    outcome, row = idempotency.claim(idempotency.attempt_of(request, current_user.id, key))
    if outcome is Outcome.CLAIMED:
        idempotency.hold(row)
        return None
    if outcome is Outcome.REPLAY:
        return idempotency.replay(row)
    if outcome is Outcome.MISMATCH:
        raise Invalid(f"This {HEADER} was used for another request.",
                      {HEADER: ["Already used with another method, path or body; send a new key."]})
    body = error_body("idempotency_in_progress",
                      f"A request with this {HEADER} is still being processed; try again shortly.")
    return jsonify(body), 409, {"Retry-After": str(RETRY_AFTER_SECONDS)}


@bp.after_request
def store_answer(response):
    """4xx answers are kept too (a repeat is refused the same way); a 5xx frees the key."""
    return idempotency.settle(response, keep=response.status_code < 500)


@bp.teardown_request
def free_key(error):
    idempotency.abandon(error)
