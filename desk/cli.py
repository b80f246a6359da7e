"""The `desk` command: a Flask CLI group over create_app."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup, ScriptInfo, with_appcontext
from flask_migrate import upgrade

from desk.config import ConfigError
from desk.extensions import db


def _create_app():
    from desk import create_app

    return create_app()


class DeskGroup(FlaskGroup):
    """Flask's group, but a bad setting (desk.config.ConfigError from create_app) ends the command
    with its message, as a click error (exit status 1), instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ConfigError as err:
            raise click.ClickException(str(err)) from err

    def list_commands(self, ctx: click.Context) -> list[str]:
        """`desk --help` with a bad setting: the message, then the commands that need no app."""
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except ConfigError as err:
            click.secho(f"Error: {err}\n", err=True, fg="red")
            return sorted(AppGroup.list_commands(self, ctx))
        return super().list_commands(ctx)


@click.group(cls=DeskGroup, create_app=_create_app, add_version_option=False)
def main():
    """Collections Desk."""


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the database schema, then add the default dispositions."""
    from desk.collections.dispositions import ensure_defaults

    upgrade(directory=current_app.extensions["migrate"].directory)
    ensure_defaults()
    db.session.commit()
    click.echo("Database ready.")


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["admin", "collector"]), default="collector")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--password", default=None,
              help="The password on the command line (seen by other users of the machine and kept in "
                   "shell history: prefer the prompt or --password-stdin).")
@click.option("--phone", default=None, help="E.164 number the desk rings for click-to-call.")
@with_appcontext
def create_user_command(email, name, role, password_stdin, password, phone):
    """Add a user; the password is asked twice (hidden) unless given by --password-stdin."""
    from marshmallow import ValidationError

    from desk.errors import DeskError
    from desk.schemas.records import UserIn
    from desk.users.people import create_user

    password = _read_password(password, password_stdin)
    try:
        data = UserIn().load({"email": email, "name": name, "role": role, "password": password,
                              "phone": phone})
        user = create_user(data)
        db.session.commit()
    except ValidationError as err:
        raise click.UsageError("; ".join(f"{k}: {' '.join(v)}" for k, v in err.messages.items())) from err
    except DeskError as err:
        raise click.UsageError(err.message) from err
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


def _read_password(given: str | None, from_stdin: bool) -> str:
    if given is not None and from_stdin:
        raise click.UsageError("Give --password or --password-stdin, not both.")
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if given is not None:
        return given
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for (shown in the token list).")
@click.option("--days", type=click.IntRange(1, 365), default=None,
              help="Days until it expires (default API_TOKEN_DAYS).")
@with_appcontext
def create_token_command(email, name, days):
    """Print a new API token for the user (shown once)."""
    from desk.users.tokens import new_token
    from models import User

    user = db.session.execute(db.select(User).where(User.email == email.lower())).scalar_one_or_none()
    if user is None:
        raise click.UsageError(f"No user {email}.")
    token = new_token(user, name, days)
    db.session.commit()
    click.echo(token)


@click.command("revoke-token")
@click.argument("token")
@with_appcontext
def revoke_token_command(token):
    """Revoke an API token, named by its id or its first characters (dk_...)."""
    from desk.errors import DeskError
    from desk.users.tokens import find_token, revoke_token

    try:
        row = revoke_token(find_token(token))
    except DeskError as err:
        raise click.UsageError(err.message) from err
    db.session.commit()
    click.echo(f"Revoked token {row.id} ({row.name}) of {row.user.email}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Fill the database with an admin, two collectors and about 50 demo accounts."""
    from desk.seed import seed_demo

    summary = seed_demo()
    db.session.commit()
    click.echo(summary)


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def run_command(host, port):
    """Serve the desk for development, with the Twilio simulator when no Twilio account is set."""
    from werkzeug.serving import run_simple

    app = current_app._get_current_object()
    url = f"http://{host}:{port}"
    app.config["PUBLIC_BASE_URL"] = app.config["PUBLIC_BASE_URL"] or url
    for start in _background_starters():
        start(app)
    click.echo(f"Collections Desk is running at {url}/  (Ctrl+C stops it)")
    from desk.compliance.gate import contact_hours_rule
    from desk.seed import DEMO_PASSWORD, PEOPLE

    click.echo(f"Log in as {PEOPLE[1][0]} (collector) or {PEOPLE[0][0]} (admin), password {DEMO_PASSWORD}")
    click.echo(f"{contact_hours_rule()} (calls and texts outside them are refused)")
    for line in softphone_hints(app.config, url):
        click.echo(line)
    run_simple(host, port, app, threaded=True, use_reloader=False)


def softphone_hints(config, url: str) -> list[str]:
    """How to try the browser softphone: off, against Twilio, or against the simulator (whose
    signalling certificate the browser must accept once)."""
    if not all(config[k] for k in ("TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "TWILIO_TWIML_APP_SID")):
        return ["Softphone off (no Twilio API key): calls ring the collector's phone."]
    steps = ("set Calling method to Browser (Change password page, or an admin on Users), "
             "then press Phone Call on an account")
    host = config["TWILIO_VOICE_SIGNALLING_HOST"]
    if not host:
        return [f"Softphone: {steps}."]
    return [f"Softphone (simulated): open https://{host}/ once and accept its certificate, {steps};",
            f"  the customer's side is {url}/dev/phone/ (it calls the desk and answers)."]


@click.command("worker")
@click.option("--burst", is_flag=True, help="Work until the queues are empty, then stop.")
@with_appcontext
def worker_command(burst):
    """Run an RQ worker on every queue, with RQ's scheduler and the desk's scheduled work."""
    from jobs.queues import QUEUES, worker
    from jobs.scheduler import start_timer

    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        raise click.UsageError("Set REDIS_URL: without Redis, jobs run inside the web process.")
    if not burst:
        start_timer(app)
    click.echo(f"Worker on queues {', '.join(QUEUES)}")
    worker(app).work(burst=burst, with_scheduler=True)


def _background_starters() -> list:
    """What `desk run` starts beside the web server: the simulator, the scheduled-work timer."""
    starters = []
    if not current_app.config["TWILIO_ACCOUNT_SID"]:
        from telephony.simulator.embed import start_embedded

        starters.append(start_embedded)
    if not current_app.config["REDIS_URL"]:
        from jobs.scheduler import start_timer

        starters.append(start_timer)
    return starters


def commands() -> list[click.Command]:
    """Every `desk` command but `run` (which replaces Flask's own on the group itself):
    `desk import ...`, `desk simulate ...` (the customer's side of the simulator) and
    `desk webhooks replay ID` live beside what they drive."""
    from desk.imports.cli import import_group
    from telephony.simulator.cli import simulate
    from webhooks.cli import webhooks_cli

    return [init_db, create_user_command, create_token_command, revoke_token_command, seed_demo_command,
            worker_command,
            import_group, simulate, webhooks_cli]


def init_app(app) -> None:
    """create_app adds every command to app.cli, so `desk NAME` and the tests' CLI runner see it."""
    for cmd in commands():
        app.cli.add_command(cmd)
