"""Accepting an uploaded export: type and size checks, an early look at its header, storage,
and the background job that imports it."""
from pathlib import PurePath

from desk.errors import Invalid
from desk.imports.mapping import load_mapping_file
from desk.imports.reading import MAX_BYTES
from desk.imports.runner import check_file, new_run, store_upload
from desk.outbox import RUN_IMPORT, enqueue
from models import ImportRun

EXTENSIONS = (".csv", ".tsv", ".txt")
MAPPING_EXTENSIONS = (".json", ".toml")
# what browsers and clients send for CSV and text files (Excel on Windows says vnd.ms-excel)
CONTENT_TYPES = ("text/", "application/csv", "application/vnd.ms-excel", "application/octet-stream",
                 "application/json", "application/toml")
MAX_MAPPING_BYTES = 64 * 1024


def accept_upload(kind: str, upload, mapping_upload, author_id: int | None) -> ImportRun:
    """Check the file (and mapping), store it under a random key, and queue its import.
    The job runs after the caller commits."""
    data = _read(upload, "file", EXTENSIONS, MAX_BYTES)
    mapping = None
    if mapping_upload is not None and mapping_upload.filename:
        raw = _read(mapping_upload, "mapping", MAPPING_EXTENSIONS, MAX_MAPPING_BYTES)
        mapping = load_mapping_file(raw, mapping_upload.filename)
    check_file(kind, data, mapping)
    run = new_run(kind, display_name(upload.filename), mapping, author_id)
    store_upload(run, data)
    enqueue(RUN_IMPORT, run.id, queue="default")
    return run


def display_name(filename: str | None) -> str:
    """The uploaded file's own name, for people to read; never used as a path."""
    return (PurePath((filename or "").replace("\\", "/")).name or "upload.csv")[:255]


def _read(upload, field: str, extensions: tuple, limit: int) -> bytes:
    if upload is None or not upload.filename:
        raise Invalid(f"Attach the file as '{field}'.", {field: ["Missing file."]})
    if not upload.filename.lower().endswith(extensions):
        raise Invalid(f"The {field} must be a {', '.join(extensions)} file.",
                      {field: [f"Must be a {', '.join(extensions)} file."]})
    if upload.mimetype and not upload.mimetype.startswith(CONTENT_TYPES):
        raise Invalid(f"The {field} must be text, not {upload.mimetype}.", {field: ["Not a text file."]})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Invalid(f"The {field} is larger than {limit // 1024} KB.", {field: ["Too large."]})
    return data
