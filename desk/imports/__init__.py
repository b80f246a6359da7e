"""Importing accounts and payments from a dealer management system's CSV exports.

reading: bytes to rows (encoding, delimiter); mapping: headers to fields; values: dates, money,
names; accounts / payments: row validation and batched apply; runner: the run and its progress.
"""
from desk.imports.mapping import load_mapping_file
from desk.imports.reading import ImportFileError
from desk.imports.runner import (
    check_file,
    discard_stale_uploads,
    get_run,
    interrupted,
    new_run,
    retry_run,
    run_import,
    run_stored,
    store_upload,
    summary,
)
from desk.imports.uploads import accept_upload

__all__ = ["ImportFileError", "accept_upload", "check_file", "discard_stale_uploads", "get_run", "interrupted",
           "load_mapping_file", "new_run", "retry_run", "run_import", "run_stored", "store_upload", "summary"]
