"""`desk import accounts|payments FILE [--mapping FILE]`: a progress bar, then a summary."""
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from desk.extensions import db
from desk.imports.mapping import load_mapping_file
from desk.imports.reading import ImportFileError
from desk.imports.runner import check_file, new_run, run_import, summary

EXIT_ROWS_FAILED, EXIT_FILE_FAILED = 1, 2


@click.group("import")
def import_group():
    """Import accounts or payments from a DMS's CSV export (see docs/import.md)."""


def _import_command(kind: str) -> click.Command:
    @import_group.command(kind, help=f"Import {kind} from FILE (CSV). Exits 1 if any row failed, "
                                     "2 if the file could not be read.")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False),
                  help="A JSON or TOML mapping of fields to this export's column headers.")
    @with_appcontext
    def command(file, mapping_file):
        run_import_command(kind, file, mapping_file)

    return command


def run_import_command(kind: str, file: str, mapping_file: str | None) -> None:
    data = Path(file).read_bytes()
    try:
        mapping = load_mapping_file(Path(mapping_file).read_bytes(), mapping_file) if mapping_file else None
        total = check_file(kind, data, mapping)
    except ImportFileError as err:
        click.echo(f"Error: {err.message}", err=True)
        raise SystemExit(EXIT_FILE_FAILED) from err
    run = new_run(kind, Path(file).name, mapping, None)
    db.session.commit()
    with click.progressbar(length=total, label=f"Importing {kind}",
                           file=sys.stderr) as bar:
        run = run_import(run, data, progress=bar.update)
    print_summary(summary(run))
    if run.status == "failed":
        raise SystemExit(EXIT_FILE_FAILED)
    if run.failed:
        raise SystemExit(EXIT_ROWS_FAILED)


def print_summary(result: dict) -> None:
    """Row errors on stderr (line, column, reason), then the counts on stdout."""
    for error in result["errors"]:
        value = f" ({error['value']!r})" if error.get("value") else ""
        click.echo(f"line {error['line']}, {error['column']}: {error['message']}{value}", err=True)
    if result["failed"] > len(result["errors"]):
        click.echo(f"... {result['failed']} rows failed in all; the first {len(result['errors'])} are listed.",
                   err=True)
    if result["message"]:
        click.echo(f"Error: {result['message']}", err=True)
    click.echo(f"Import {result['id']} {result['status']}: {result['total']} rows, "
               f"{result['created']} created, {result['updated']} updated, "
               f"{result['unchanged']} unchanged, {result['failed']} failed.")


for _kind in ("accounts", "payments"):
    _import_command(_kind)
