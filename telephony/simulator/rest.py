"""The simulator's HTTP face: Twilio's REST API v2010 (the parts the desk uses), media and
recording downloads, and a small control API for `desk simulate` and the dev phone page."""
import io
import secrets
import time
import wave

from flask import Flask, abort, jsonify, redirect, request
from werkzeug.exceptions import HTTPException

from telephony.simulator import calls, messages
from telephony.simulator.spec import ApiError, check_form, check_path
from telephony.simulator.state import REST_FAULTS

ACCOUNT = "/2010-04-01/Accounts/<account_sid>"


def _error(err: ApiError):
    return jsonify(err.body()), err.status


def _authorize(sim, account_sid: str) -> None:
    """HTTP Basic with the account sid and auth token, like Twilio (20003 otherwise)."""
    auth = request.authorization
    if not auth or auth.username != sim.account_sid or auth.password != sim.auth_token \
            or account_sid != sim.account_sid:
        raise ApiError(20003, "Authenticate", 401)


def _faults(sim, creates: bool = False):
    """REST faults on demand: a 500, or an answer slower than the client's timeout. For a create,
    rest_lost_answer is returned: the caller creates the resource, then answers too late."""
    taken = sim.world.take_faults(REST_FAULTS)
    if "rest_lost_answer" in taken and creates:
        return taken["rest_lost_answer"]
    if "rest_timeout" in taken or "rest_lost_answer" in taken:
        time.sleep((taken.get("rest_timeout") or taken["rest_lost_answer"]).seconds)
        raise ApiError(20500, "Internal Server Error", 503)
    if "rest_500" in taken:
        raise ApiError(20500, "Internal Server Error", 500)


def _answer_late(lost) -> None:
    """rest_lost_answer: the resource exists, but the answer comes after the client gave up."""
    if lost is not None:
        time.sleep(lost.seconds)
        raise ApiError(20500, "Internal Server Error", 503)


def _resource(store: dict, sid: str):
    res = store.get(sid)
    if res is None:
        raise ApiError(20404, f"The requested resource /{sid}.json was not found", 404)
    return res


def make_app(sim) -> Flask:
    """The WSGI app the simulator serves on its own port."""
    app = Flask("twilio_simulator")
    app.register_error_handler(ApiError, _error)

    @app.errorhandler(HTTPException)
    def _http(err):
        return jsonify({"code": 20404 if err.code == 404 else 20001, "message": err.description,
                        "more_info": "https://www.twilio.com/docs/errors", "status": err.code}), err.code

    @app.post(f"{ACCOUNT}/Messages.json")
    def create_message(account_sid):
        check_path("CreateMessage", {"AccountSid": account_sid})
        _authorize(sim, account_sid)
        lost = _faults(sim, creates=True)
        created = messages.create(sim, check_form("CreateMessage", request.form))
        _answer_late(lost)
        return jsonify(created.data), 201

    @app.get(f"{ACCOUNT}/Messages/<sid>.json")
    def fetch_message(account_sid, sid):
        check_path("FetchMessage", {"AccountSid": account_sid, "Sid": sid})
        _authorize(sim, account_sid)
        _faults(sim)
        return jsonify(_resource(sim.world.messages, sid).data)

    @app.post(f"{ACCOUNT}/Calls.json")
    def create_call(account_sid):
        check_path("CreateCall", {"AccountSid": account_sid})
        _authorize(sim, account_sid)
        lost = _faults(sim, creates=True)
        created = calls.create(sim, check_form("CreateCall", request.form))
        _answer_late(lost)
        return jsonify(created.data), 201

    @app.get(f"{ACCOUNT}/Calls/<sid>.json")
    def fetch_call(account_sid, sid):
        check_path("FetchCall", {"AccountSid": account_sid, "Sid": sid})
        _authorize(sim, account_sid)
        _faults(sim)
        return jsonify(_resource(sim.world.calls, sid).data)

    @app.post(f"{ACCOUNT}/Calls/<sid>.json")
    def update_call(account_sid, sid):
        check_path("UpdateCall", {"AccountSid": account_sid, "Sid": sid})
        _authorize(sim, account_sid)
        _faults(sim)
        return jsonify(calls.update(sim, sid, check_form("UpdateCall", request.form)).data)

    _media_routes(app, sim)
    from telephony.simulator.control import register

    register(app, sim)
    return app


def _media_routes(app: Flask, sim) -> None:
    @app.get(f"{ACCOUNT}/Messages/<msg_sid>/Media/<sid>")
    def media(account_sid, msg_sid, sid):
        """Like Twilio: Basic auth, then a redirect to a short-lived CDN URL."""
        _authorize(sim, account_sid)
        if sid not in sim.world.media:
            raise ApiError(20404, "The requested resource was not found", 404)
        token = secrets.token_urlsafe(16)
        with sim.world.lock:
            sim.world.cdn_tokens[token] = sid
        return redirect(f"{sim.base_url}/cdn/{token}", 307)

    @app.get("/cdn/<token>")
    def cdn(token):
        sid = sim.world.cdn_tokens.get(token)
        if sid is None:
            abort(404)
        content, ctype = sim.world.media[sid]
        return content, 200, {"Content-Type": ctype}

    @app.get(f"{ACCOUNT}/Recordings/<sid>")
    @app.get(f"{ACCOUNT}/Recordings/<sid>.wav")
    @app.get(f"{ACCOUNT}/Recordings/<sid>.mp3")
    def recording(account_sid, sid):
        _authorize(sim, account_sid)
        if sid not in sim.recordings:
            raise ApiError(20404, "The requested resource was not found", 404)
        return sim.recordings[sid] or silent_wav(), 200, {"Content-Type": "audio/x-wav"}


def silent_wav(seconds: float = 1.0) -> bytes:
    """A short silent WAV: the simulator's stand-in for a recording no browser spoke into."""
    return wav(b"\x00\x00" * int(8000 * seconds))


def wav(samples: bytes) -> bytes:
    """16-bit mono 8 kHz samples as a WAV file."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(samples)
    return out.getvalue()
