"""`desk webhooks ...`: look at and replay stored Twilio webhooks."""
import click
from flask.cli import AppGroup

webhooks_cli = AppGroup("webhooks", help="Stored Twilio webhooks.")


@webhooks_cli.command("replay")
@click.argument("event_id", type=int)
def replay_command(event_id: int) -> None:
    """Apply stored webhook EVENT_ID again (safe: applying twice changes nothing)."""
    from webhooks.store import replay

    try:
        response = replay(event_id)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"replayed event {event_id}: HTTP {response.status_code}")
