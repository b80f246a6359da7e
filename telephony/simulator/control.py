"""Control API of a running simulator (`desk simulate ...` uses it): Basic auth as for REST."""
import base64

from flask import jsonify, request

from telephony.simulator.rest import _authorize


def register(app, sim) -> None:
    """Add /_sim/* routes to the simulator's app."""

    @app.post("/_sim/sms")
    def sim_sms():
        _authorize(sim, sim.account_sid)
        body = request.get_json(force=True, silent=True) or {}
        media = [(m.get("name", "file"), base64.b64decode(m.get("content", "")), m.get("content_type"))
                 for m in body.get("media", [])]
        res = sim.customer_sms(body.get("from", ""), body.get("body", ""), media=media, to=body.get("to"))
        return jsonify({"sid": res.sid, "webhook_status": res.events[-1] if res.events else None})

    @app.post("/_sim/call")
    def sim_call():
        _authorize(sim, sim.account_sid)
        body = request.get_json(force=True, silent=True) or {}
        res = sim.customer_call(body.get("from", ""), talk_seconds=body.get("talk_seconds"), to=body.get("to"))
        return jsonify({"sid": res.sid})

    @app.post("/_sim/script")
    def sim_script():
        _authorize(sim, sim.account_sid)
        body = request.get_json(force=True, silent=True) or {}
        number = body.pop("number", "")
        try:
            sim.script(number, **body)
        except (TypeError, ValueError) as exc:
            return jsonify({"error": str(exc)}), 400
        return jsonify({"number": number})

    @app.post("/_sim/fault")
    def sim_fault():
        _authorize(sim, sim.account_sid)
        body = request.get_json(force=True, silent=True) or {}
        try:
            sim.fault(body.get("kind", ""), times=body.get("times"), seconds=body.get("seconds", 5.0))
        except ValueError as exc:
            return jsonify({"error": str(exc)}), 400
        return jsonify({"kind": body.get("kind")})
