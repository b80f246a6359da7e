"""Outbound messages: create (with Twilio's refusals), then queued -> sent -> final callbacks."""
from telephony.simulator.callbacks import StatusStream
from telephony.simulator.spec import E164, ApiError, example
from telephony.simulator.state import CALLBACK_FAULTS, Resource, new_sid, rfc2822


def _sender(params: dict) -> str:
    return params.get("From") or params.get("MessagingServiceSid") or ""


def _refuse(sim, params: dict) -> None:
    """Twilio's refusals at create time, in the order Twilio checks them."""
    if not (params.get("From") or params.get("MessagingServiceSid")):
        raise ApiError(21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.")
    if not (params.get("Body") or params.get("MediaUrl") or params.get("ContentSid")):
        raise ApiError(21602, "Message body is required.")
    to = params["To"]
    behaviour = sim.world.script_for(to).sms
    if not E164.match(to) or behaviour == "invalid":
        raise ApiError(21211, f"The 'To' number {to} is not a valid phone number.")
    if behaviour == "landline":
        raise ApiError(21614, f"'To' number {to} is not a valid mobile number.")
    if (to, _sender(params)) in sim.world.opted_out:
        raise ApiError(21610, "Attempt to send to unsubscribed recipient")


def create(sim, params: dict) -> Resource:
    """Accept a CreateMessage request, or raise ApiError; the status flow starts on a thread."""
    _refuse(sim, params)
    media = params.get("MediaUrl") or []
    sid = new_sid("MM" if media else "SM")
    data = example("CreateMessage")
    now = rfc2822()
    data.update(sid=sid, account_sid=sim.account_sid, to=params["To"], from_=None,
                body=params.get("Body", ""), status="accepted" if params.get("MessagingServiceSid") else "queued",
                messaging_service_sid=params.get("MessagingServiceSid"), num_media=str(len(media)),
                num_segments=str(max(1, -(-len(params.get("Body", "")) // 153))),
                date_created=now, date_updated=now, date_sent=None, error_code=None, error_message=None,
                uri=f"/2010-04-01/Accounts/{sim.account_sid}/Messages/{sid}.json")
    data.pop("from_")
    data["from"] = params.get("From")
    data["subresource_uris"] = {"media": f"/2010-04-01/Accounts/{sim.account_sid}/Messages/{sid}/Media.json"}
    res = Resource(sid, data, params)
    with sim.world.lock:
        sim.world.messages[sid] = res
    answer = Resource(sid=res.sid, data=dict(res.data))  # as created, before the flow moves on
    sim.spawn(run, sim, res)
    return answer


def _callback_params(sim, res: Resource, status: str) -> dict:
    data = res.data
    params = {"MessageSid": res.sid, "SmsSid": res.sid, "SmsMessageSid": res.sid, "MessageStatus": status,
              "SmsStatus": status, "AccountSid": sim.account_sid, "From": data["from"], "To": data["to"],
              "ApiVersion": "2010-04-01", "MessagingServiceSid": data.get("messaging_service_sid")}
    if data.get("error_code"):
        params["ErrorCode"] = str(data["error_code"])
    return params


def _set_status(sim, res: Resource, status: str, code: int | None = None) -> None:
    with sim.world.lock:
        res.data.update(status=status, date_updated=rfc2822())
        if status == "sent":
            res.data["date_sent"] = res.data["date_updated"]
        if code:
            from telephony.errors import explain

            res.data.update(error_code=code, error_message=explain(code))


def run(sim, res: Resource) -> None:
    """The message's life: queued, sent, then the scripted outcome, each with a callback."""
    outcome, code = sim.world.script_for(res.data["to"]).sms_outcome()
    stream = StatusStream(sim, sim.world.take_faults(CALLBACK_FAULTS))
    url, steps = res.params.get("StatusCallback"), ["queued"]
    steps += ["failed"] if outcome == "failed" else ["sent", outcome]
    for step in steps:
        if step != "queued" and sim.sleep(1 if step == "sent" else 2):
            break
        _set_status(sim, res, step, code if step in ("failed", "undelivered") else None)
        if step == "delivered":
            sim.deliver_to_phone(res)
        stream.send(url, _callback_params(sim, res, step))
        res.events.append(step)
    stream.close()
