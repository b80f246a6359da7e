"""Development-only "customer phone": a person plays the customer against the simulator.

Registered by start_embedded only, so it exists only when the simulator is in use; login required.
"""
from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from telephony.simulator.spec import E164
from telephony.simulator.state import CALL_BEHAVIOURS

TOKEN_TTL = 3600

bp = Blueprint("devphone", __name__, template_folder="templates")


@bp.before_request
@login_required
def _only_with_simulator():
    """Logged-in users only, and only while an embedded simulator runs."""
    if _sim() is None:
        abort(404)


def _sim():
    from telephony.simulator.embed import get_simulator

    return get_simulator(current_app)


def _back(number: str):
    return redirect(url_for("devphone.phone", number=number))


@bp.get("/")
def phone():
    """The phone of one customer number: texts both ways, ringing calls, its script."""
    sim = _sim()
    number = request.args.get("number", "").strip()
    with sim.world.lock:
        texts = [m for m in sim.world.phone_inbox if number and m["to"] == number]
        texts += [{"from": r.data["from"], "to": r.data["to"], "body": r.data["body"], "at": r.data["date_created"],
                   "media": [], "mine": True}
                  for r in sim.world.messages.values()
                  if r.data.get("direction") == "inbound" and r.data["from"] == number]
        calls = [r.data for r in sim.world.calls.values() if number and number in (r.data["to"], r.data["from"])]
        ringing = set(sim.world.ringing)
        numbers = sorted({m["to"] for m in sim.world.phone_inbox} | {r.data["to"] for r in sim.world.calls.values()})
    return render_template("devphone/phone.html", number=number, texts=texts, calls=calls, ringing=ringing,
                           numbers=numbers, script=sim.world.script_for(number) if number else None,
                           behaviours=CALL_BEHAVIOURS, our_number=sim.from_number)


def _ensure_webhook_base(sim) -> None:
    if not sim.webhook_base_url:
        sim.webhook_base_url = request.host_url.rstrip("/")


@bp.post("/sms")
def send_sms():
    """The customer texts our number (with an optional picture)."""
    sim = _sim()
    number = request.form.get("number", "").strip()
    upload = request.files.get("media")
    media = [(upload.filename, upload.read(), upload.mimetype)] if upload and upload.filename else []
    _ensure_webhook_base(sim)
    sim.customer_sms(number, request.form.get("body", ""), media=media)
    return _back(number)


@bp.post("/call")
def call_us():
    """The customer calls our number and stays on for talk_seconds."""
    sim = _sim()
    number = request.form.get("number", "").strip()
    _ensure_webhook_base(sim)
    sim.customer_call(number, talk_seconds=request.form.get("talk_seconds", type=int) or 60)
    return _back(number)


@bp.get("/token")
def customer_token():
    """An access token for this browser to call our number as the customer `number` (the
    simulator's customer app: the call reaches the desk exactly as a PSTN call from that number)."""
    from telephony.simulator.voice_sdk.access import CUSTOMER_PREFIX
    from telephony.simulator.voice_sdk.access import customer_token as make_token
    from telephony.tokens import device_options

    sim = _sim()
    number = request.args.get("number", "").strip()
    if not E164.match(number):
        return jsonify(error={"field": "number", "message": "number: give the customer's number in E.164 "
                                                            "form, like +17025551022."}), 400
    if sim.signalling is None:
        return jsonify(error={"message": "The simulator does not serve the Voice SDK's signalling."}), 409
    _ensure_webhook_base(sim)
    return jsonify(token=make_token(sim, number, ttl=TOKEN_TTL), identity=CUSTOMER_PREFIX + number, ttl=TOKEN_TTL,
                   device_options=device_options())


@bp.post("/calls/<sid>/<decision>")
def decide(sid: str, decision: str):
    """Answer, decline or hang up a call on this phone."""
    sim = _sim()
    if decision in ("answer", "decline"):
        done = sim.answer_call(sid, decision)
    elif decision == "hangup":
        done = sim.hang_up(sid)
    else:
        abort(404)
    if not done:
        flash("That call is no longer ringing.", "error")
    return _back(request.form.get("number", ""))


@bp.post("/script")
def script():
    """How this number behaves when the desk texts or calls it."""
    number = request.form.get("number", "").strip()
    try:
        _sim().script(number, sms=request.form.get("sms") or None, call=request.form.get("call") or None,
                      talk_seconds=request.form.get("talk_seconds", type=int))
    except ValueError as exc:
        flash(str(exc), "error")
    return _back(number)
