"""Running an import: the file is read whole, then validated and applied a chunk at a time, with
the run's counts and row errors committed after each chunk so progress can be watched."""
import secrets
from collections.abc import Callable
from pathlib import Path

from flask import current_app

from desk.errors import NotFound, get_or_404
from desk.extensions import db
from desk.imports.account_writes import apply_accounts
from desk.imports.accounts import AccountRows
from desk.imports.mapping import resolve_columns
from desk.imports.payments import PaymentRows, apply_payments
from desk.imports.reading import ImportFileError, read_table
from desk.imports.rows import GoodRow, Problem, Tally
from desk.private_files import private_folder, write_private
from models import IMPORT_KINDS, ImportRun, utcnow

CHUNK_SIZE = 500
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


def _stored_path(run: ImportRun) -> Path:
    return storage_dir() / f"{run.storage_key}.csv"


def check_file(kind: str, data: bytes, mapping: dict | None) -> int:
    """Read the file and resolve its columns now, so a wrong file is refused at upload;
    returns the number of data rows."""
    table = read_table(data)
    resolve_columns(kind, table.header, mapping)
    return len(table.rows)


def run_import(run: ImportRun, data: bytes, progress: Progress | None = None) -> ImportRun:
    """Import the file into the run's kind; a file-level problem marks the run failed."""
    run.status, run.started_at, run.message = "running", utcnow(), None
    run.processed = run.created = run.updated = run.unchanged = run.failed = 0
    run.errors = []
    try:
        table = read_table(data)
        columns = resolve_columns(run.kind, table.header, run.mapping)
    except ImportFileError as exc:
        return _finish(run, "failed", exc.message)
    run.total = len(table.rows)
    db.session.commit()
    reader = (AccountRows if run.kind == "accounts" else PaymentRows)(table.header, columns)
    for start in range(0, len(table.rows), CHUNK_SIZE):
        chunk = table.rows[start:start + CHUNK_SIZE]
        try:
            _import_chunk(run, reader, chunk)
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
    _record(run, tally, problems, len(chunk))
    db.session.commit()
    db.session.expunge_all()  # the chunk's rows are done: keep the session from growing with the file
    db.session.add(run)


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
    """Run a queued import from its stored upload (what the background job calls)."""
    run = get_run(run_id)
    if run.status == "done":
        return run  # safe to run twice: a finished import is not repeated
    run = run_import(run, stored_upload(run))
    if run.status == "done":
        _stored_path(run).unlink(missing_ok=True)  # customers' data is not kept once imported
    return run


def summary(run: ImportRun) -> dict:
    """What the status endpoint, the page and the CLI report."""
    return {"id": run.id, "kind": run.kind, "filename": run.filename, "status": run.status,
            "message": run.message, "total": run.total, "processed": run.processed,
            "created": run.created, "updated": run.updated, "unchanged": run.unchanged,
            "failed": run.failed, "errors": run.errors or [],
            "created_at": run.created_at.isoformat() if run.created_at else None,
            "finished_at": run.finished_at.isoformat() if run.finished_at else None}
