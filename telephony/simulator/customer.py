"""The customer's side: texts and calls to our number, posted signed to the desk's webhooks.

Opt-out keywords follow Twilio's default handling: the keyword still reaches the desk, Twilio
answers the customer itself, and blocks our sends to that customer until START.
"""
import mimetypes

from telephony.simulator.calls import Leg, new_resource
from telephony.simulator.state import Resource, new_sid, rfc2822

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
START_WORDS = {"START", "YES", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
AUTO_REPLIES = {
    "STOP": "You have successfully been unsubscribed. You will not receive any more messages "
            "from this number. Reply START to resubscribe.",
    "START": "You have successfully been re-subscribed to messages from this number. "
             "Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.",
    "HELP": "Reply STOP to unsubscribe. Msg&Data Rates May Apply.",
}


def keyword(body: str) -> str | None:
    """'STOP', 'START' or 'HELP' when the whole message is one of Twilio's keywords."""
    word = body.strip().upper()
    for kind, words in (("STOP", STOP_WORDS), ("START", START_WORDS), ("HELP", HELP_WORDS)):
        if word in words:
            return kind
    return None


def _store_media(sim, msg_sid: str, media: list[tuple[str, bytes, str | None]]) -> dict:
    """Keep each file; return MediaUrl{N}/MediaContentType{N} params (URLs need Basic auth)."""
    params = {}
    for n, (name, content, ctype) in enumerate(media):
        ctype = ctype or mimetypes.guess_type(name)[0] or "application/octet-stream"
        me_sid = new_sid("ME")
        with sim.world.lock:
            sim.world.media[me_sid] = (content, ctype)
        params[f"MediaUrl{n}"] = (f"{sim.base_url}/2010-04-01/Accounts/{sim.account_sid}"
                                  f"/Messages/{msg_sid}/Media/{me_sid}")
        params[f"MediaContentType{n}"] = ctype
    return params


def _apply_keyword(sim, kind: str | None, customer: str, our: str) -> dict:
    """Twilio's own opt-out handling; returns the OptOutType param."""
    if kind is None:
        return {}
    with sim.world.lock:
        if kind == "STOP":
            sim.world.opted_out.add((customer, our))
        elif kind == "START":
            sim.world.opted_out.discard((customer, our))
        sim.world.phone_inbox.append({"sid": new_sid("SM"), "from": our, "to": customer,
                                      "body": AUTO_REPLIES[kind], "media": [], "at": rfc2822(),
                                      "auto_reply": True})
    return {"OptOutType": kind}


def send_sms(sim, from_: str, body: str = "", media=None, to: str | None = None) -> Resource:
    """The customer texts our number; returns the inbound message after the desk's webhook."""
    to = to or sim.from_number
    media = media or []
    sid = new_sid("MM" if media else "SM")
    params = {"MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid, "AccountSid": sim.account_sid,
              "From": from_, "To": to, "Body": body, "NumMedia": str(len(media)), "NumSegments": "1",
              "SmsStatus": "received", "ApiVersion": "2010-04-01", "FromCountry": "US", "ToCountry": "US"}
    params.update(_store_media(sim, sid, media))
    params.update(_apply_keyword(sim, keyword(body), from_, to))
    res = Resource(sid, {"sid": sid, "from": from_, "to": to, "body": body, "status": "received",
                         "direction": "inbound", "num_media": str(len(media)), "date_created": rfc2822()},
                   params)
    with sim.world.lock:
        sim.world.messages[sid] = res
    answer = sim.poster.request(sim.webhook_url("/webhooks/twilio/sms"), params)
    res.events.append(answer.status_code if answer is not None else "unreachable")
    return res


def place_call(sim, from_: str, talk_seconds: int | None = None, to: str | None = None,
               wait: bool = False) -> Resource:
    """The customer calls our number; the desk's voice webhook answers with TwiML."""
    leg = inbound_leg(sim, from_, to)
    if talk_seconds is not None:
        leg.budget = float(talk_seconds)
    thread = sim.spawn(run_inbound, leg)
    if wait:
        thread.join()
    return leg.res


def inbound_leg(sim, from_: str, to: str | None = None) -> Leg:
    """The ringing leg of a call from `from_` to our number (or `to`)."""
    res = new_resource(sim, to or sim.from_number, from_, "inbound")
    res.data["status"] = "ringing"
    return Leg(sim, res, sim.webhook_url("/webhooks/twilio/voice/status"), ["completed"])


def run_inbound(leg: Leg) -> None:
    """Post the desk's voice webhook and run its TwiML on the caller's leg."""
    from telephony.simulator.engine import fetch, run_call

    doc = fetch(leg, leg.sim.webhook_url("/webhooks/twilio/voice"))
    leg.set_status("in-progress", start_time=rfc2822())
    run_call(leg, twiml=doc or "")
