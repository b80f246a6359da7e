"""`desk simulate ...`: play the customer against the simulator a running `desk run` started."""
import base64
import json
import mimetypes
from pathlib import Path

import click
import requests
from flask import current_app
from flask.cli import with_appcontext


def _running() -> dict:
    """Where the embedded simulator listens and its credentials (written by start_embedded)."""
    path = Path(current_app.instance_path) / "twilio_simulator.json"
    if not path.exists():
        raise click.ClickException("No simulator found: start the desk with `desk run` first.")
    return json.loads(path.read_text())


def _control(action: str, payload: dict) -> dict:
    info = _running()
    try:
        answer = requests.post(f"{info['base_url']}/_sim/{action}", json=payload, timeout=30,
                               auth=(info["account_sid"], info["auth_token"]))
    except requests.RequestException as exc:
        raise click.ClickException(f"The simulator is not answering at {info['base_url']}: is `desk run` up?") from exc
    if answer.status_code != 200:
        raise click.ClickException(f"The simulator refused: {answer.text.strip()}")
    return answer.json()


@click.group("simulate")
def simulate():
    """Play the customer against the Twilio simulator started by `desk run`."""


@simulate.command("sms")
@click.option("--from", "from_", required=True, help="The customer's number (E.164).")
@click.option("--body", default="", help="The text; STOP, START and HELP work as with Twilio.")
@click.option("--media", type=click.Path(exists=True, dir_okay=False), multiple=True, help="A file to attach.")
@with_appcontext
def simulate_sms(from_, body, media):
    """The customer texts our number."""
    files = [{"name": Path(p).name, "content": base64.b64encode(Path(p).read_bytes()).decode(),
              "content_type": mimetypes.guess_type(p)[0]} for p in media]
    result = _control("sms", {"from": from_, "body": body, "media": files})
    status = result["webhook_status"]
    if isinstance(status, int) and status < 400:
        click.echo(f"{result['sid']} sent; the desk answered {status}")
    else:
        click.echo(f"{result['sid']} sent, but the desk's /webhooks/twilio/sms answered {status}")


@simulate.command("call")
@click.option("--from", "from_", required=True, help="The customer's number (E.164).")
@click.option("--talk-seconds", type=int, default=60, show_default=True, help="How long the customer stays on.")
@with_appcontext
def simulate_call(from_, talk_seconds):
    """The customer calls our number."""
    result = _control("call", {"from": from_, "talk_seconds": talk_seconds})
    click.echo(f"{result['sid']} ringing the desk")


@simulate.command("script")
@click.argument("number")
@click.option("--sms", help="delivered | undelivered[:CODE] | failed[:CODE] | invalid | landline")
@click.option("--call", help="answer | no-answer | busy | failed | voicemail | hangup | manual")
@click.option("--talk-seconds", type=int)
@with_appcontext
def simulate_script(number, sms, call, talk_seconds):
    """Set how NUMBER behaves when the desk texts or calls it."""
    _control("script", {"number": number, "sms": sms, "call": call, "talk_seconds": talk_seconds})
    click.echo(f"{number} scripted")


@simulate.command("fault")
@click.argument("kind")
@click.option("--times", type=int, default=1, show_default=True)
@click.option("--seconds", type=float, default=5.0, show_default=True,
              help="Delay for late / rest_timeout / rest_lost_answer.")
@with_appcontext
def simulate_fault(kind, times, seconds):
    """Inject a fault: out_of_order, duplicate, late, retry, rest_500, rest_timeout, rest_lost_answer."""
    _control("fault", {"kind": kind, "times": times, "seconds": seconds})
    click.echo(f"fault {kind} armed")
