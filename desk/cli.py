"""The `desk` command: a Flask CLI group over create_app."""
import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from desk import create_app
from desk.extensions import db


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def main():
    """Collections Desk."""


@main.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the database schema, then add the default dispositions."""
    from desk.dispositions import ensure_defaults

    upgrade(directory=current_app.extensions["migrate"].directory)
    ensure_defaults()
    db.session.commit()
    click.echo("Database ready.")


@main.command("create-user")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["admin", "collector"]), default="collector")
@click.option("--password", required=True)
@click.option("--phone", default=None, help="E.164 number the desk rings for click-to-call.")
@with_appcontext
def create_user_command(email, name, role, password, phone):
    """Add a user."""
    from marshmallow import ValidationError

    from api.schemas import UserIn
    from desk.errors import DeskError
    from desk.users import create_user

    try:
        data = UserIn().load({"email": email, "name": name, "role": role, "password": password,
                              "phone": phone})
        user = create_user(data)
        db.session.commit()
    except ValidationError as err:
        raise click.UsageError("; ".join(f"{k}: {' '.join(v)}" for k, v in err.messages.items()))
    except DeskError as err:
        raise click.UsageError(err.message)
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@main.command("create-token")
@click.argument("email")
@with_appcontext
def create_token_command(email):
    """Print a new API token for the user (shown once)."""
    from desk.auth import new_token
    from models import User

    user = db.session.execute(db.select(User).where(User.email == email.lower())).scalar_one_or_none()
    if user is None:
        raise click.UsageError(f"No user {email}.")
    token = new_token(user)
    db.session.commit()
    click.echo(token)


@main.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Fill the database with an admin, two collectors and about 50 demo accounts."""
    from desk.seed import seed_demo

    summary = seed_demo()
    db.session.commit()
    click.echo(summary)


@main.group("import")
def import_group():
    """Import accounts or payments from a DMS's CSV export (see docs/import.md)."""


def _import_command(kind: str):
    @import_group.command(kind, help=f"Import {kind} from FILE (CSV). Exits 1 if any row failed, "
                                     "2 if the file could not be read.")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False),
                  help="A JSON or TOML mapping of fields to this export's column headers.")
    @with_appcontext
    def command(file, mapping_file):
        _run_import_command(kind, file, mapping_file)

    return command


def _run_import_command(kind: str, file: str, mapping_file: str | None) -> None:
    from pathlib import Path

    from desk.imports import ImportFileError, check_file, load_mapping_file, new_run, run_import, summary

    data = Path(file).read_bytes()
    try:
        mapping = load_mapping_file(Path(mapping_file).read_bytes(), mapping_file) if mapping_file else None
        total = check_file(kind, data, mapping)
    except ImportFileError as err:
        click.echo(f"Error: {err.message}", err=True)
        raise SystemExit(2)
    run = new_run(kind, Path(file).name, mapping, None)
    db.session.commit()
    with click.progressbar(length=total, label=f"Importing {kind}", file=click.get_text_stream("stderr")) as bar:
        run = run_import(run, data, progress=bar.update)
    _print_summary(summary(run))
    if run.status == "failed" or run.failed:
        raise SystemExit(1 if run.status == "done" else 2)


def _print_summary(result: dict) -> None:
    for error in result["errors"]:
        click.echo(f"line {error['line']}, {error['column']}: {error['message']}", err=True)
    if result["failed"] > len(result["errors"]):
        click.echo(f"... and more; {result['failed']} rows failed in all.", err=True)
    if result["message"]:
        click.echo(f"Error: {result['message']}", err=True)
    click.echo(f"Import {result['id']} {result['status']}: {result['total']} rows: "
               f"{result['created']} created, {result['updated']} updated, "
               f"{result['unchanged']} unchanged, {result['failed']} failed.")


for _kind in ("accounts", "payments"):
    _import_command(_kind)
