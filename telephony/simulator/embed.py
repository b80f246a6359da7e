"""Run the simulator inside the desk's process when no Twilio account is configured."""
import json
import logging
from pathlib import Path

from telephony.simulator.server import DEFAULT_FROM, Simulator

log = logging.getLogger(__name__)
EXTENSION = "twilio_simulator"


def in_use(app) -> bool:
    """True when this app talks to an embedded simulator."""
    return EXTENSION in app.extensions


def _credentials(app) -> dict:
    """Stable sids and secrets kept under instance/, so `desk simulate` in another shell finds them."""
    path = Path(app.instance_path) / "twilio_simulator.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _keep_softphone_ids(sim: Simulator, saved: dict) -> None:
    """The API key and TwiML App of an earlier run, so tokens already handed out stay valid."""
    for name in ("api_key_sid", "api_key_secret", "twiml_app_sid"):
        if saved.get(name):
            setattr(sim, name, saved[name])


def _save(app, sim: Simulator) -> None:
    path = Path(app.instance_path) / "twilio_simulator.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"account_sid": sim.account_sid, "auth_token": sim.auth_token,
                                "base_url": sim.base_url, "from_number": sim.from_number,
                                "api_key_sid": sim.api_key_sid, "api_key_secret": sim.api_key_secret,
                                "twiml_app_sid": sim.twiml_app_sid, "signalling_host": sim.signalling_host}))
    path.chmod(0o600)


def start_embedded(app, served_at: str | None = None, time_scale: float = 1.0) -> Simulator:
    """Start the simulator on a thread and point the app's TWILIO_* config at it.

    Webhooks for our number go to PUBLIC_BASE_URL, else `served_at` (the URL `desk run` serves
    the desk at). Calling it twice returns the running simulator.
    """
    if in_use(app):
        return app.extensions[EXTENSION]
    if app.config["TWILIO_ACCOUNT_SID"]:
        raise RuntimeError("TWILIO_ACCOUNT_SID is set: the desk talks to Twilio, not the simulator")
    saved = _credentials(app)
    sim = Simulator(webhook_base_url=app.config["PUBLIC_BASE_URL"] or served_at,
                    account_sid=saved.get("account_sid"), auth_token=saved.get("auth_token"),
                    from_number=app.config["TWILIO_FROM_NUMBER"] or DEFAULT_FROM,
                    time_scale=time_scale)
    _keep_softphone_ids(sim, saved)
    sim.start()
    sim.start_signalling(app.instance_path)
    app.config.update(TWILIO_ACCOUNT_SID=sim.account_sid, TWILIO_AUTH_TOKEN=sim.auth_token,
                      TWILIO_FROM_NUMBER=sim.from_number, TWILIO_API_BASE_URL=sim.base_url,
                      TWILIO_SIMULATOR=True, TWILIO_MESSAGING_SERVICE_SID=None,
                      TWILIO_API_KEY_SID=sim.api_key_sid, TWILIO_API_KEY_SECRET=sim.api_key_secret,
                      TWILIO_TWIML_APP_SID=sim.twiml_app_sid, TWILIO_VOICE_SIGNALLING_HOST=sim.signalling_host)
    if served_at and not app.config["DESK_SERVED_AT"]:
        app.config["DESK_SERVED_AT"] = served_at.rstrip("/")
    app.extensions[EXTENSION] = sim
    _save(app, sim)
    _register_dev_phone(app)
    log.info("Twilio simulator at %s (account %s)", sim.base_url, sim.account_sid)
    return sim


def _register_dev_phone(app) -> None:
    """The customer phone page, only with the simulator (and only before the first request)."""
    from telephony.simulator.devphone import bp

    if "devphone" not in app.blueprints and not app._got_first_request:
        app.register_blueprint(bp, url_prefix="/dev/phone")


def get_simulator(app) -> Simulator | None:
    return app.extensions.get(EXTENSION)
