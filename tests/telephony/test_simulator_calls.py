"""Call flows: the desk's TwiML (built with twilio's builders) run by the simulator."""
import pytest
from twilio.twiml.voice_response import Dial, VoiceResponse

from telephony import client

COLLECTOR, CUSTOMER = "+15005550100", "+15005550001"
ALL_EVENTS = ["initiated", "ringing", "answered", "completed"]


def twiml(verb: str, *args, **kwargs) -> str:
    """A one-verb TwiML document."""
    response = VoiceResponse()
    getattr(response, verb)(*args, **kwargs)
    return str(response)


def bridge_twiml(url, machine_detection=None, record=False) -> str:
    """What the desk answers when the collector picks up: dial the customer."""
    response = VoiceResponse()
    dial = Dial(action=url("voice/dial-action"), caller_id="+15005550006", answer_on_bridge=True,
                record="record-from-answer" if record else None,
                recording_status_callback=url("voice/recording") if record else None)
    dial.number(CUSTOMER, status_callback=url("voice/child-status"),
                status_callback_event="initiated ringing answered completed",
                machine_detection=machine_detection)
    response.append(dial)
    return str(response)


def place(app_ctx, sim, url, receiver, **bridge):
    receiver.twiml["voice/bridge"] = bridge_twiml(url, **bridge)
    receiver.twiml["voice/dial-action"] = twiml("hangup")
    placed = client.create_call(COLLECTOR, url("voice/bridge"), url("voice/status"), ALL_EVENTS)
    assert sim.wait_until(sim.idle)
    return placed


def events(receiver, name):
    return [(f["SequenceNumber"], f["CallStatus"]) for f in receiver.got(name)]


def test_answered_call_bridges_the_customer(app_ctx, sim, url, receiver):
    sim.script(COLLECTOR, talk_seconds=300)
    sim.script(CUSTOMER, call="answer", talk_seconds=45, ring_seconds=5)
    placed = place(app_ctx, sim, url, receiver, record=True)
    assert events(receiver, "voice/status") == [("0", "initiated"), ("1", "ringing"),
                                                 ("2", "in-progress"), ("3", "completed")]
    child = receiver.got("voice/child-status")
    assert [(f["SequenceNumber"], f["CallStatus"]) for f in child] == [
        ("0", "initiated"), ("1", "ringing"), ("2", "in-progress"), ("3", "completed")]
    assert child[0]["ParentCallSid"] == placed.sid and child[0]["Direction"] == "outbound-dial"
    assert child[-1]["CallDuration"] == "45" and child[0]["From"] == "+15005550006"
    assert child[0]["CallbackSource"] == "call-progress-events" and child[0]["Timestamp"]
    action = receiver.got("voice/dial-action")[0]
    assert action["DialCallStatus"] == "completed" and action["DialCallDuration"] == "45"
    assert action["DialCallSid"] == child[0]["CallSid"] and action["RecordingUrl"]
    assert receiver.got("voice/recording")[0]["RecordingStatus"] == "completed"
    assert receiver.got("voice/bridge")[0]["CallStatus"] == "in-progress"
    parent = client.fetch_call(placed.sid)
    assert parent.status == "completed" and parent.duration == "50"  # rang 5 s, talked 45


@pytest.mark.parametrize("behaviour, dial_status", [
    ("no-answer", "no-answer"), ("busy", "busy"), ("failed", "failed")])
def test_customer_not_reached(app_ctx, sim, url, receiver, behaviour, dial_status):
    sim.script(COLLECTOR, talk_seconds=300)
    sim.script(CUSTOMER, call=behaviour)
    place(app_ctx, sim, url, receiver)
    action = receiver.got("voice/dial-action")[0]
    assert action["DialCallStatus"] == dial_status and "DialCallDuration" not in action
    assert receiver.got("voice/child-status")[-1]["CallStatus"] == dial_status


@pytest.mark.parametrize("behaviour", ["no-answer", "busy", "failed"])
def test_collector_not_reached(app_ctx, sim, url, receiver, behaviour):
    sim.script(COLLECTOR, call=behaviour)
    placed = place(app_ctx, sim, url, receiver)
    assert receiver.got("voice/status")[-1]["CallStatus"] == behaviour
    assert receiver.got("voice/bridge") == []
    assert client.fetch_call(placed.sid).status == behaviour


def test_voicemail_with_machine_detection(app_ctx, sim, url, receiver):
    sim.script(COLLECTOR, talk_seconds=300)
    sim.script(CUSTOMER, call="voicemail", talk_seconds=30)
    place(app_ctx, sim, url, receiver, machine_detection="DetectMessageEnd")
    assert receiver.got("voice/child-status")[2]["AnsweredBy"] == "machine_end_beep"


def test_amd_on_the_rest_create(app_ctx, sim, url, receiver):
    sim.script(CUSTOMER, call="voicemail", talk_seconds=30)
    receiver.twiml["voice/drop"] = twiml("say", "Please call us back about your account.")
    client.create_call(CUSTOMER, url("voice/drop"), url("voice/status"), ALL_EVENTS,
                       machine_detection="DetectMessageEnd")
    sim.script("+15005550002", call="answer")
    client.create_call("+15005550002", url("voice/drop"), machine_detection="Enable")
    assert sim.wait_until(sim.idle)
    answered_by = sorted(f["AnsweredBy"] for f in receiver.got("voice/drop"))
    assert answered_by == ["human", "machine_end_beep"]


def test_customer_hangs_up_first_then_collector(app_ctx, sim, url, receiver):
    sim.script(COLLECTOR, talk_seconds=20)
    sim.script(CUSTOMER, call="answer", talk_seconds=300, ring_seconds=5)
    place(app_ctx, sim, url, receiver)
    action = receiver.got("voice/dial-action")[0]
    assert action["DialCallStatus"] == "completed" and action["DialCallDuration"] == "15"


def test_rest_hangup(app_ctx, sim, url, receiver):
    sim.script(COLLECTOR, talk_seconds=10_000)
    receiver.twiml["voice/hold"] = twiml("pause", length=5000)
    placed = client.create_call(COLLECTOR, url("voice/hold"), url("voice/status"), ALL_EVENTS)
    assert sim.wait_until(lambda: client.fetch_call(placed.sid).status == "in-progress")
    client.update_call(placed.sid, status="completed")
    assert sim.wait_until(sim.idle)
    assert receiver.got("voice/status")[-1]["CallStatus"] == "completed"


def test_inbound_call_and_voicemail_record(sim, url, receiver):
    response = VoiceResponse()
    response.say("Leave a message")
    response.record(action=url("voice/recorded"), max_length=120, recording_status_callback=url("voice/recording"))
    receiver.twiml["voice"] = str(response)
    sim.customer_call(CUSTOMER, talk_seconds=30, wait=True)
    first = receiver.got("voice")[0]
    assert first["CallStatus"] == "ringing" and first["Direction"] == "inbound" and first["To"] == sim.from_number
    recorded = receiver.got("voice/recorded")[0]
    assert recorded["Digits"] == "hangup" and int(recorded["RecordingDuration"]) > 20
    assert receiver.got("voice/status")[-1]["CallStatus"] == "completed"


def test_dial_client_and_out_of_order_call_events(app_ctx, sim, url, receiver):
    sim.fault("out_of_order")
    response = VoiceResponse()
    dial = Dial(action=url("voice/dial-action"))
    dial.client("collector-7", status_callback=url("voice/child-status"),
                status_callback_event="ringing answered completed")
    response.append(dial)
    receiver.twiml["voice"] = str(response)
    sim.customer_call(CUSTOMER, talk_seconds=12, wait=True)
    child = receiver.got("voice/child-status")
    assert child[0]["To"] == "client:collector-7"
    assert [f["SequenceNumber"] for f in child] == ["2", "1", "0"]


def test_hangup_in_the_number_url_ends_the_customer_leg(app_ctx, sim, url, receiver):
    """A voicemail drop screened by <Number url>: its <Hangup> ends the child leg, no bridge."""
    sim.script(COLLECTOR, talk_seconds=300)
    sim.script(CUSTOMER, call="voicemail", talk_seconds=120, ring_seconds=5)
    response = VoiceResponse()
    dial = Dial(action=url("voice/dial-action"), caller_id="+15005550006")
    dial.number(CUSTOMER, url=url("voice/screen"), status_callback=url("voice/child-status"),
                status_callback_event="initiated ringing answered completed", machine_detection="DetectMessageEnd")
    response.append(dial)
    receiver.twiml["voice/bridge"] = str(response)
    drop = VoiceResponse()
    drop.say("Please call us back about your account.")
    drop.hangup()
    receiver.twiml["voice/screen"] = str(drop)
    receiver.twiml["voice/dial-action"] = twiml("hangup")
    client.create_call(COLLECTOR, url("voice/bridge"), url("voice/status"), ALL_EVENTS)
    assert sim.wait_until(sim.idle)

    assert receiver.got("voice/screen")[0]["AnsweredBy"] == "machine_end_beep"
    child = receiver.got("voice/child-status")
    assert [f["CallStatus"] for f in child] == ["initiated", "ringing", "in-progress", "completed"]
    assert int(child[-1]["CallDuration"]) < 20  # detection (8 s) + the message, not the 120 s bridge
    action = receiver.got("voice/dial-action")[0]
    assert action["DialCallStatus"] == "completed" and action["DialCallDuration"] == "0"
    parent = receiver.got("voice/status")[-1]
    assert parent["CallStatus"] == "completed" and int(parent["CallDuration"]) < 30


def test_the_customer_hanging_up_ends_the_bridge_at_once(app_ctx, sim, url, receiver):
    """The dev phone's Hang up on the dialled customer ends a connected call, not its talk time."""
    sim.script(COLLECTOR, talk_seconds=14000)
    sim.script(CUSTOMER, talk_seconds=14000)
    receiver.twiml["voice/bridge"] = bridge_twiml(url)
    receiver.twiml["voice/dial-action"] = twiml("hangup")
    client.create_call(COLLECTOR, url("voice/bridge"), url("voice/status"), ALL_EVENTS)
    assert sim.wait_until(lambda: any(leg.partner for leg in list(sim.legs.values())))
    customer = next(leg for leg in list(sim.legs.values()) if leg.partner)
    assert sim.hang_up(customer.sid)
    assert sim.wait_until(sim.idle, timeout=10)
    ended = receiver.got("voice/dial-action")[-1]
    assert ended["DialCallStatus"] == "completed" and int(ended["DialCallDuration"]) < 14000
