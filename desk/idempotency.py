"""Exactly once: a write sent twice (a double click, a client retrying after a lost answer) is
done once, and the repeat gets the first answer.

The first request with a key inserts the key's row in a transaction of its own, unique per user
and key, so a repeat arriving at the same moment fails on the constraint instead of doing the
work. The first answer (status, body, Content-Type and Location) is then stored on the row and
replayed to every repeat with the same method, path and body; another request under the same key
is refused. A 5xx answer, or a request that raised, gives the key back so a retry can proceed;
so does a first request still unanswered after 10 minutes (its process died).
Keys are kept for 24 hours (`prune`, run by the recurring jobs).

The API reads the key from the Idempotency-Key header (api/idempotency.py); console forms carry
one in a hidden field rendered next to the CSRF token (templates/_forms.html, console/once.py).
"""
import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from flask import Request, Response, g
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from desk.errors import Invalid
from desk.extensions import db
from models import IdempotencyKey, utcnow

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
MAX_LENGTH = 255
KEEP_FOR = timedelta(hours=24)
STALE_AFTER = timedelta(minutes=10)  # a first request "running" this long died with its process
KEPT_HEADERS = ("Content-Type", "Location")
UNSIGNED_FIELDS = ("csrf_token", FIELD)  # form fields that are no part of what is asked


class Outcome(Enum):
    CLAIMED = "claimed"  # this request owns the key: do the work
    REPLAY = "replay"  # done before: answer as then
    BUSY = "busy"  # the first request with this key is still running
    MISMATCH = "mismatch"  # the key was used for another request


@dataclass(frozen=True)
class Attempt:
    user_id: int
    key: str
    method: str
    path: str
    body_hash: str


def new_key() -> str:
    return uuid.uuid4().hex


def checked_key(raw: str | None, name: str = HEADER) -> str:
    """The key as sent, or Invalid naming `name` (empty, too long, or unprintable)."""
    key = raw or ""
    if not key.strip():
        raise Invalid(f"The {name} is empty.", {name: ["Send a key of 1 to 255 characters."]})
    if len(key) > MAX_LENGTH:
        raise Invalid(f"The {name} is too long.", {name: [f"At most {MAX_LENGTH} characters."]})
    if not key.isprintable():
        raise Invalid(f"The {name} has control characters.", {name: ["Use printable characters only."]})
    return key


def attempt_of(request: Request, user_id: int, key: str) -> Attempt:
    return Attempt(user_id, key, request.method, request.path[:500], body_hash(request))


def body_hash(request: Request) -> str:
    """SHA-256 of what is asked: JSON compared by value (key order and spacing aside), forms by
    their fields and files' contents (a multipart boundary differs on every send)."""
    digest = hashlib.sha256()
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        _hash_form(request, digest)
    else:
        digest.update(_canonical(request.get_data(cache=True)))
    return digest.hexdigest()


def _canonical(data: bytes) -> bytes:
    try:
        return json.dumps(json.loads(data), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        return data


def _hash_form(request: Request, digest) -> None:
    fields = sorted((k, v) for k, v in request.form.items(multi=True) if k not in UNSIGNED_FIELDS)
    digest.update(json.dumps(fields).encode())
    for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
        content = upload.stream.read()
        upload.stream.seek(0)
        digest.update(json.dumps([name, upload.filename, hashlib.sha256(content).hexdigest()]).encode())


def claim(attempt: Attempt) -> tuple[Outcome, IdempotencyKey | None]:
    """Insert the key's row, committed at once (the request's work comes after, in its own
    transaction); or say what the row already there means for this attempt."""
    for _ in range(3):  # a row gone meanwhile (failed, or expired) is claimed again
        row = IdempotencyKey(user_id=attempt.user_id, key=attempt.key, method=attempt.method,
                             path=attempt.path, body_hash=attempt.body_hash)
        db.session.add(row)
        try:
            db.session.commit()
            return Outcome.CLAIMED, row
        except IntegrityError:
            db.session.rollback()
        found = _stored(attempt.user_id, attempt.key)
        if found is not None and _lapsed(found):
            release(found.id)
            continue
        if found is not None:
            return _judge(found, attempt), found
    return Outcome.BUSY, None


def _lapsed(found: IdempotencyKey) -> bool:
    """Expired, or claimed by a request whose process died before it answered."""
    age = utcnow() - found.created_at
    return age > KEEP_FOR or (found.status is None and age > STALE_AFTER)


def _stored(user_id: int, key: str) -> IdempotencyKey | None:
    return db.session.execute(select(IdempotencyKey).where(
        IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)).scalar_one_or_none()


def _judge(found: IdempotencyKey, attempt: Attempt) -> Outcome:
    if (found.method, found.path, found.body_hash) != (attempt.method, attempt.path, attempt.body_hash):
        return Outcome.MISMATCH
    return Outcome.BUSY if found.status is None else Outcome.REPLAY


def wait_for_first(attempt: Attempt, seconds: float) -> tuple[Outcome, IdempotencyKey | None]:
    """For the console: let the first submission finish, then answer as it did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.1)
        db.session.rollback()  # read what the other request committed
        outcome, row = claim(attempt)
        if outcome is not Outcome.BUSY:
            return outcome, row
    return Outcome.BUSY, None


def finish(row_id: int, response: Response) -> None:
    """Store the answer on the claimed row (the request's own work is committed by now)."""
    db.session.rollback()  # anything the view left uncommitted was never meant to be kept
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    db.session.execute(update(IdempotencyKey).where(IdempotencyKey.id == row_id).values(
        status=response.status_code, response_body=response.get_data(as_text=True),
        response_headers=json.dumps(headers)))
    db.session.commit()


def release(row_id: int) -> None:
    """Give the key back: the request failed, a retry may do the work."""
    db.session.rollback()
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == row_id))
    db.session.commit()


def replay(row: IdempotencyKey) -> Response:
    response = Response(row.response_body or "", status=row.status, headers=json.loads(row.response_headers or "{}"))
    response.headers["Idempotent-Replayed"] = "true"
    return response


def prune(now=None) -> int:
    """Forget keys older than 24 hours; returns how many."""
    cutoff = (now or utcnow()) - KEEP_FOR
    gone = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff)).rowcount
    db.session.commit()
    return gone


# The request's claim, between the before- and after-request hooks of api/ and console/

def hold(row: IdempotencyKey) -> None:
    g.idempotency_claim = row.id


def settle(response: Response, keep: bool) -> Response:
    """After the request: store its answer (keep) or give the key back."""
    row_id = g.pop("idempotency_claim", None)
    if row_id is not None:
        finish(row_id, response) if keep else release(row_id)
    return response


def abandon(error: BaseException | None) -> None:
    """Teardown: a request that raised past the error handlers gives its key back."""
    row_id = g.pop("idempotency_claim", None)
    if row_id is not None:
        try:
            release(row_id)
        except Exception:  # noqa: BLE001 - the database is what failed; the key expires in a day
            db.session.rollback()
