"""Status callbacks: only forward, whatever order or how often they arrive."""
import itertools

import pytest

from desk.extensions import db
from models import Message, WebhookEvent
from tests.helpers import MOBILE, fresh, signed_post, wait_for

STATUS = "/webhooks/twilio/sms/status"


@pytest.mark.parametrize("fault", ["out_of_order", "duplicate", "late", "retry"])
def test_simulator_faults_end_in_the_in_order_state(app, api, account, sim, fault):
    sim.fault(fault, seconds=5)
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    assert sim.wait_until(sim.idle)
    assert wait_for(lambda: fresh(app, Message, answer.json["id"]).status == "delivered")


def queued_message(app, account, sid="SM" + "a" * 32):
    with app.app_context():
        from desk.sms.conversations import conversation_for

        conversation = conversation_for(account, MOBILE)
        message = Message(conversation_id=conversation.id, account_id=account, direction="outbound",
                          from_number="+15005550006", to_number=MOBILE, body="hi", status="queued",
                          twilio_sid=sid)
        db.session.add(message)
        db.session.commit()
        return message.id


def callback(sid, status, code=None):
    form = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
            "AccountSid": "AC" + "0" * 32, "From": "+15005550006", "To": MOBILE}
    if code:
        form["ErrorCode"] = str(code)
    return form


FLOWS = {
    "delivered": [callback("S", "queued"), callback("S", "sent"), callback("S", "delivered")],
    "undelivered": [callback("S", "queued"), callback("S", "sent"), callback("S", "undelivered", 30005)],
}


@pytest.mark.parametrize("outcome", sorted(FLOWS))
def test_every_order_with_duplicates_equals_in_order(app, client, account, outcome):
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    for n, order in enumerate(itertools.permutations(FLOWS[outcome])):
        sid = f"SM{n:032d}"
        message_id = queued_message(app, account, sid)
        for form in list(order) + [order[0], order[-1]]:  # and two repeats
            answer = signed_post(app, client, STATUS, {**form, "MessageSid": sid, "SmsSid": sid})
            assert answer.status_code == 204
        message = fresh(app, Message, message_id)
        assert message.status == outcome
        assert message.error_code == (30005 if outcome == "undelivered" else None)


def test_read_after_delivered_and_unknown_statuses(app, client, account):
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    sid = "SM" + "b" * 32
    message_id = queued_message(app, account, sid)
    for status in ("delivered", "read", "sent", "bogus"):
        signed_post(app, client, STATUS, callback(sid, status))
    assert fresh(app, Message, message_id).status == "read"


def test_callback_before_the_sid_is_known_uses_our_id(app, client, account):
    """Twilio may call back before the send job stored the sid: ?m= names the message."""
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    message_id = queued_message(app, account, sid=None)
    sid = "SM" + "c" * 32
    signed_post(app, client, f"{STATUS}?m={message_id}", callback(sid, "sent"))
    message = fresh(app, Message, message_id)
    assert (message.status, message.twilio_sid) == ("sent", sid)
    other = "SM" + "d" * 32  # a different sid for our id changes nothing
    signed_post(app, client, f"{STATUS}?m={message_id}", callback(other, "delivered"))
    assert fresh(app, Message, message_id).status == "sent"


def test_unsigned_or_forged_callbacks_are_refused(app, client, account):
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    sid = "SM" + "e" * 32
    message_id = queued_message(app, account, sid)
    assert client.post(STATUS, data=callback(sid, "delivered")).status_code == 403
    forged = client.post(STATUS, data=callback(sid, "delivered"), headers={"X-Twilio-Signature": "x"})
    assert forged.status_code == 403
    assert fresh(app, Message, message_id).status == "queued"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(WebhookEvent.id))) == 0


def test_unknown_message_is_stored_and_ignored(app, client, account):
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    assert signed_post(app, client, STATUS, callback("SM" + "f" * 32, "delivered")).status_code == 204
    assert signed_post(app, client, f"{STATUS}?m=abc", callback("SM" + "f" * 32, "sent")).status_code == 204
