"""Running an import: the file is read whole, then validated and applied a chunk at a time, with
the run's counts and row errors committed after each chunk so progress can be watched.

A chunk's rows and the counts that include them commit together, so an import whose process
died resumes after its last committed chunk (`processed`). The stored upload is removed once
the import is done or failed for good (the file itself is unusable); an interrupted import keeps
it for Retry until KEEP_FAILED_UPLOAD has passed (jobs.recurring.discard_stale_uploads).
"""
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import current_app

from desk.errors import Conflict, NotFound, get_or_404
from desk.extensions import db
from desk.imports.account_writes import apply_accounts
from desk.imports.accounts import AccountRows
from desk.imports.mapping import resolve_columns
from desk.imports.payments import PaymentRows, apply_payments
from desk.imports.reading import ImportFileError, read_table
from desk.imports.rows import GoodRow, Problem, Tally
from desk.outbox import RUN_IMPORT, LeaseLost, enqueue, renew_lease
from desk.private_files import private_folder, write_private
from desk.reports.snapshots import replace_snapshot
from models import IMPORT_KINDS, ImportRun, utcnow

CHUNK_SIZE = 500
KEEP_FAILED_UPLOAD = timedelta(days=7)  # an interrupted import's file, kept for Retry
ORPHAN_AFTER = timedelta(hours=1)  # a stored file no import names (its upload was rolled back)
MAX_STORED_ERRORS = 1000  # every failure is counted; the first thousand are kept in detail

Progress = Callable[[int], None]


def new_run(kind: str, filename: str, mapping: dict | None, author_id: int | None) -> ImportRun:
    if kind not in IMPORT_KINDS:
        raise NotFound(f"No import kind {kind!r}.")
    run = ImportRun(kind=kind, filename=(filename or "upload.csv")[:255], mapping=mapping,
                    status="queued", errors=[], created_by_id=author_id)
    db.session.add(run)
    db.session.flush()
    return run


def get_run(run_id: int) -> ImportRun:
    return get_or_404(ImportRun, run_id, "import")


def storage_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "imports"
    return private_folder(path)


def store_upload(run: ImportRun, data: bytes) -> None:
    """Keep the upload under a random key (the user's filename is never part of the path)."""
    run.storage_key = secrets.token_hex(16)
    write_private(_stored_path(run), data)


def stored_upload(run: ImportRun) -> bytes:
    return _stored_path(run).read_bytes()


def has_upload(run: ImportRun) -> bool:
    return bool(run.storage_key) and _stored_path(run).exists()


def remove_upload(run: ImportRun) -> None:
    """Customers' data is not kept once the import has ended."""
    if run.storage_key:
        _stored_path(run).unlink(missing_ok=True)


def _stored_path(run: ImportRun) -> Path:
    return storage_dir() / f"{run.storage_key}.csv"


def check_file(kind: str, data: bytes, mapping: dict | None) -> int:
    """Read the file and resolve its columns now, so a wrong file is refused at upload;
    returns the number of data rows."""
    table = read_table(data)
    resolve_columns(kind, table.header, mapping)
    return len(table.rows)


def run_import(run: ImportRun, data: bytes, progress: Progress | None = None,
               resume: bool = False) -> ImportRun:
    """Import the file into the run's kind; a file-level problem marks the run failed. With
    `resume`, the rows already processed (committed) are skipped and the counts kept."""
    if not (resume and run.processed):
        run.processed = run.created = run.updated = run.unchanged = run.failed = 0
        run.errors, run.started_at = [], utcnow()
    run.status, run.message, run.finished_at = "running", None, None
    try:
        table = read_table(data)
        columns = resolve_columns(run.kind, table.header, run.mapping)
    except ImportFileError as exc:
        return _finish(run, "failed", exc.message)
    run.total = len(table.rows)
    db.session.commit()
    reader = (AccountRows if run.kind == "accounts" else PaymentRows)(table.header, columns)
    for start in range(run.processed, len(table.rows), CHUNK_SIZE):
        chunk = table.rows[start:start + CHUNK_SIZE]
        try:
            _import_chunk(run, reader, chunk)
        except LeaseLost:
            db.session.rollback()  # the sweeper gave this import to another run, which carries on
            raise
        except Exception:
            db.session.rollback()
            _finish(run, "failed", f"Stopped by an internal error at line {chunk[0][0]}; "
                                   "the rows before it were imported.")
            raise
        if progress:
            progress(len(chunk))
    return _finish(run, "done", None)


def _import_chunk(run: ImportRun, reader, chunk: list[tuple[int, tuple[str, ...]]]) -> None:
    problems: list[Problem] = []
    good: list[GoodRow] = []
    bad_lines: set[int] = set()
    for line, values in chunk:
        parsed = reader.parse(line, values)
        if isinstance(parsed, GoodRow):
            good.append(parsed)
        else:
            problems += parsed
            bad_lines.add(line)
    if run.kind == "accounts":
        tally = apply_accounts(good, problems)
    else:
        tally = apply_payments(good, problems, run.created_by_id)
    tally += Tally(failed=len(bad_lines))
    replace_snapshot({row.data["number"] for row in good})  # their days past due as the DMS says
    _record(run, tally, problems, len(chunk))
    db.session.commit()
    db.session.expunge_all()  # the chunk's rows are done: keep the session from growing with the file
    db.session.add(run)
    renew_lease()
    _pause()


def _pause() -> None:
    """IMPORT_CHUNK_PAUSE seconds between chunks (0 in production; the crash tests slow an
    import down with it to stop its process mid-run)."""
    pause = current_app.config["IMPORT_CHUNK_PAUSE"]
    if pause:
        time.sleep(pause)


def _record(run: ImportRun, tally: Tally, problems: list[Problem], rows: int) -> None:
    run.processed += rows
    run.created += tally.created
    run.updated += tally.updated
    run.unchanged += tally.unchanged
    run.failed += tally.failed
    room = MAX_STORED_ERRORS - len(run.errors or [])
    if room > 0 and problems:
        problems.sort(key=lambda p: p.line)
        run.errors = list(run.errors or []) + [p.as_dict() for p in problems[:room]]


def _finish(run: ImportRun, status: str, message: str | None) -> ImportRun:
    run.status, run.message, run.finished_at = status, message, utcnow()
    db.session.commit()
    return run


def run_stored(run_id: int) -> ImportRun:
    """Run a queued import from its stored upload (what the background job calls). Safe to run
    twice: a finished import is not repeated, an interrupted one resumes after its last chunk."""
    run = get_run(run_id)
    if run.status == "done":
        remove_upload(run)
        return run
    if not has_upload(run):
        return _finish(run, "failed", "The uploaded file is no longer kept; upload it again.")
    run = run_import(run, stored_upload(run), resume=True)
    remove_upload(run)  # done, or failed for good (the file cannot be read); an error raised keeps it
    return run


def interrupted(run_id: int) -> None:
    """The import's job will not be started again (its process kept dying): failed, with Retry."""
    run = db.session.get(ImportRun, run_id)
    if run is not None and run.status in ("queued", "running"):
        _finish(run, "failed", f"Stopped at row {run.processed} of {run.total}: the process running the "
                               "import ended. Retry carries on from there.")


def can_retry(run: ImportRun) -> bool:
    return run.status == "failed" and has_upload(run)


def retry_run(run: ImportRun) -> ImportRun:
    """Queue a failed import again; it carries on after the rows already imported."""
    if run.status != "failed":
        raise Conflict(f"Import {run.id} is {run.status}; only a failed import can be retried.")
    if not has_upload(run):
        raise Conflict(f"Import {run.id}'s file is no longer kept; upload it again.")
    run.status, run.message, run.finished_at = "queued", None, None
    enqueue(RUN_IMPORT, run.id, queue="default")
    return run


def discard_stale_uploads(now=None) -> int:
    """Remove stored files no import will read again: those of imports failed longer than
    KEEP_FAILED_UPLOAD ago or done, and files no import names. Returns how many."""
    now = now or utcnow()
    keep = {}
    for run in db.session.execute(db.select(ImportRun).where(ImportRun.storage_key.is_not(None))).scalars():
        stale = run.status == "done" or (run.status == "failed" and run.finished_at is not None
                                         and now - run.finished_at > KEEP_FAILED_UPLOAD)
        keep[f"{run.storage_key}.csv"] = not stale
    removed = 0
    for path in storage_dir().glob("*.csv"):
        orphan = path.name not in keep and now.timestamp() - path.stat().st_mtime > ORPHAN_AFTER.total_seconds()
        if orphan or keep.get(path.name) is False:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def summary(run: ImportRun) -> dict:
    """What the status endpoint, the page and the CLI report."""
    return {"id": run.id, "kind": run.kind, "filename": run.filename, "status": run.status,
            "message": run.message, "total": run.total, "processed": run.processed,
            "created": run.created, "updated": run.updated, "unchanged": run.unchanged,
            "failed": run.failed, "errors": run.errors or [], "retryable": can_retry(run),
            "created_at": run.created_at.isoformat() if run.created_at else None,
            "finished_at": run.finished_at.isoformat() if run.finished_at else None}
