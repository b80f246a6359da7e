"""Message status callbacks, their faults, and inbound texts with media."""
import requests

from telephony import client
from telephony.errors import explain

CUSTOMER = "+15005550001"


def statuses(receiver):
    return [f["MessageStatus"] for f in receiver.got("sms/status")]


def send(sim, url, number=CUSTOMER):
    sent = client.send_message(number, "Payment reminder", status_callback=url("sms/status"))
    assert sim.wait_until(sim.idle)
    return sent


def test_delivered_flow(app_ctx, sim, url, receiver):
    sent = send(sim, url)
    assert statuses(receiver) == ["queued", "sent", "delivered"]
    first = receiver.got("sms/status")[0]
    assert first["MessageSid"] == first["SmsSid"] == sent.sid
    assert first["AccountSid"] == sim.account_sid and first["From"] == sim.from_number
    assert first["To"] == CUSTOMER and first["ApiVersion"] == "2010-04-01" and "ErrorCode" not in first
    assert client.fetch_message(sent.sid).status == "delivered"
    assert sim.world.phone_inbox[-1]["body"] == "Payment reminder"


def test_undelivered_and_failed_carry_error_codes(app_ctx, sim, url, receiver):
    sim.script("+15005550002", sms="undelivered:30003")
    sim.script("+15005550003", sms="failed:30006")
    send(sim, url, "+15005550002")
    assert statuses(receiver) == ["queued", "sent", "undelivered"]
    assert receiver.got("sms/status")[-1]["ErrorCode"] == "30003"
    failed = send(sim, url, "+15005550003")
    assert statuses(receiver)[3:] == ["queued", "failed"]
    assert receiver.got("sms/status")[-1]["ErrorCode"] == "30006"
    fetched = client.fetch_message(failed.sid)
    assert fetched.error_code == 30006 and fetched.error_message == explain(30006)


def test_out_of_order(app_ctx, sim, url, receiver):
    sim.fault("out_of_order")
    send(sim, url)
    assert statuses(receiver) == ["delivered", "sent", "queued"]


def test_duplicate_and_retry_repeat_the_idempotency_token(app_ctx, sim, url, receiver):
    for kind in ("duplicate", "retry"):
        sim.fault(kind)
        send(sim, url)
    assert statuses(receiver) == ["queued", "queued", "sent", "sent", "delivered", "delivered"] * 2
    tokens = [d["token"] for d in sim.deliveries("sms/status")]
    assert tokens[0] == tokens[1] and tokens[1] != tokens[2]


def test_late_callbacks_arrive_after_the_flow(app_ctx, sim, url, receiver):
    sim.fault("late", seconds=50)
    send(sim, url)
    assert sorted(statuses(receiver)) == ["delivered", "queued", "sent"]


def test_failed_first_attempt_is_retried(app_ctx, sim, url, receiver):
    receiver.fail_next["sms/status"] = 1
    send(sim, url)
    assert statuses(receiver) == ["queued", "sent", "delivered"]
    attempts = sim.deliveries("sms/status")
    assert [a["status"] for a in attempts[:2]] == [500, 200] and attempts[0]["token"] == attempts[1]["token"]


def test_inbound_mms_media_needs_auth_and_redirects(sim, receiver):
    picture = b"\x89PNG\r\n\x1a\nfake"
    sim.customer_sms(CUSTOMER, "here is my receipt", media=[("receipt.png", picture, None)])
    form = receiver.got("sms")[0]
    assert form["NumMedia"] == "1" and form["MediaContentType0"] == "image/png"
    assert form["MessageSid"].startswith("MM") and form["To"] == sim.from_number
    assert requests.get(form["MediaUrl0"], timeout=5).status_code == 401
    fetched = requests.get(form["MediaUrl0"], auth=(sim.account_sid, sim.auth_token), timeout=5,
                           allow_redirects=False)
    assert fetched.status_code == 307 and "/cdn/" in fetched.headers["Location"]
    followed = requests.get(form["MediaUrl0"], auth=(sim.account_sid, sim.auth_token), timeout=5)
    assert followed.content == picture and followed.headers["Content-Type"] == "image/png"
