"""The CSV import as a background job (queue "default")."""


def run_import(run_id: int) -> None:
    """Run a stored upload's import; a finished import is not repeated, an interrupted one
    resumes after its last committed chunk (see desk.imports.runner)."""
    from desk.imports import run_stored

    run_stored(run_id)


def import_interrupted(run_id: int) -> None:
    """The job will not be started again: the import is failed, with Retry on its page."""
    from desk.imports import interrupted

    interrupted(run_id)
