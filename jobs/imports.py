"""The CSV import as a background job (queue "default")."""


def run_import(run_id: int) -> None:
    """Run a stored upload's import; a finished import is not repeated, a crashed one starts over
    (re-importing is idempotent: known accounts update in place, known payments are skipped)."""
    from desk.imports import run_stored

    run_stored(run_id)
