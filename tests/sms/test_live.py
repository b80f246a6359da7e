"""The page's push channel (/live/events): what changed reaches an open page over real HTTP,
only after the change commits, through this process or through Redis."""
import queue
import threading

import pytest
import requests

from desk import live_updates as live
from desk.extensions import db
from models import Message
from tests.helpers import MOBILE, more_accounts, signed_post


class EventStream(threading.Thread):
    """Reads a text/event-stream response on a thread: (event, data) pairs into a queue."""

    def __init__(self, url: str, token: str):
        super().__init__(daemon=True)
        self.response = requests.get(url, headers={"Authorization": f"Bearer {token}"}, stream=True, timeout=10)
        self.events = queue.Queue()
        self.start()

    def run(self):
        name, data = "message", ""
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data = line[5:].strip()
                elif line == "":
                    self.events.put((name, data))
                    name, data = "message", ""
        except requests.RequestException:
            pass

    def next_event(self, timeout: float = 5.0):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None

    def changes(self, wanted: str, timeout: float = 5.0) -> bool:
        """Whether a `changed` event for `wanted` arrives within `timeout` seconds."""
        while (event := self.next_event(timeout)) is not None:
            if event == ("changed", wanted):
                return True
        return False

    def close(self):
        self.join(timeout=10)  # the server ends the stream (LIVE_STREAM_SECONDS below)
        self.response.close()


@pytest.fixture
def streams(app, live_server, api):
    app.config["LIVE_STREAM_SECONDS"] = 3
    opened = []

    def open_stream(query: str = "") -> EventStream:
        stream = EventStream(f"{live_server}/live/events{query}", api.token)
        opened.append(stream)
        return stream

    yield open_stream
    for stream in opened:
        stream.close()


def test_a_customers_text_is_pushed_to_the_open_account_page(app, api, account, sim, streams):
    stream = streams(f"?account={account}")
    assert stream.response.status_code == 200
    assert stream.response.headers["Content-Type"].startswith("text/event-stream")
    assert stream.next_event() == ("ready", "")
    sim.customer_sms(MOBILE, "Paying Friday, promise")
    assert stream.changes(f"account:{account}")
    assert "Paying Friday, promise" in api.get(f"/accounts/{account}/sms/thread").get_data(as_text=True)


def test_one_stream_follows_every_account_a_browsers_tabs_show(app, api, account, sim, streams):
    other = more_accounts(app, 1)[0]
    stream = streams(f"?account={other}&account={account}")
    assert stream.next_event() == ("ready", "")
    sim.customer_sms("+12145550001", "From the other account")
    assert stream.changes(f"account:{other}")
    sim.customer_sms(MOBILE, "From the first account")
    assert stream.changes(f"account:{account}")


def test_a_sent_text_and_its_delivery_are_pushed(app, api, account, sim, streams):
    stream = streams(f"?account={account}")
    assert stream.next_event() == ("ready", "")
    assert api.post(f"/api/v1/accounts/{account}/messages", json={"body": "Reminder"}).status_code == 202
    assert sim.wait_until(
        lambda: api.get(f"/api/v1/accounts/{account}/messages").json["items"][-1]["status"] == "delivered")
    seen = [stream.next_event(2) for _ in range(3)]
    assert seen.count(("changed", f"account:{account}")) >= 2  # created, then sent and delivered


def test_a_call_waiting_for_its_outcome_is_pushed_to_its_collector(app, users, account, streams):
    from desk.calls.events import end_call
    from models import Call

    stream = streams()
    assert stream.next_event() == ("ready", "")
    with app.app_context():
        call = Call(account_id=account, direction="outbound", status="completed", to_number=MOBILE,
                    from_number="+15005550006", collector_id=users["collector"], via="phone")
        db.session.add(call)
        db.session.flush()
        end_call(call)
        db.session.commit()
    assert stream.changes(f"user:{users['collector']}")


def test_nothing_is_published_for_a_rolled_back_change(app, account):
    with app.app_context():
        subscription = live.broker(app).subscribe([f"account:{account}"])
        try:
            live.account_changed(account)
            db.session.rollback()
            db.session.commit()
            assert subscription.next(0.2) is None
            live.account_changed(account)
            db.session.commit()
            assert subscription.next(1) == f"account:{account}"
        finally:
            subscription.close()


def test_the_stream_needs_a_login_and_a_real_account(client, api, account):
    assert client.get("/live/events").status_code == 302
    assert api.get("/live/events?account=999999").status_code == 404
    assert api.get("/live/events?account=abc").status_code == 404
    assert api.get(f"/live/events?account={2**40}").status_code == 404
    assert api.get(f"/live/events?account={account}&account=999999").status_code == 404
    assert api.get(f"/live/events?account={account}&account=-1").status_code == 404
    too_many = "&".join(f"account={n}" for n in range(1, 202))
    assert api.get(f"/live/events?{too_many}").status_code == 404


def test_a_full_server_refuses_more_streams_and_the_page_polls(app, live_server, api, account, streams):
    app.config["LIVE_MAX_STREAMS"] = 1
    first = streams(f"?account={account}")
    assert first.next_event() == ("ready", "")
    refused = requests.get(f"{live_server}/live/events", headers={"Authorization": f"Bearer {api.token}"},
                           timeout=5)
    assert refused.status_code == 503 and refused.headers["Retry-After"]


def test_streams_end_by_themselves_so_server_threads_cycle(app, api, account, streams):
    app.config["LIVE_STREAM_SECONDS"] = 0.3
    stream = streams(f"?account={account}")
    assert stream.next_event() == ("ready", "")
    stream.join(timeout=5)
    assert not stream.is_alive()



@pytest.mark.redis
def test_through_redis_a_text_stored_by_one_process_reaches_a_page_of_another(redis_url, app, app_config, client,
                                                                               account):
    from desk import create_app

    other = create_app(app_config)  # a second web process: its own broker, the same Redis
    subscription = live.broker(other).subscribe([f"account:{account}"])
    try:
        app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
        answer = signed_post(app, client, "/webhooks/twilio/sms",
                             {"MessageSid": "SM" + "7" * 32, "From": MOBILE, "Body": "Sent to server one"})
        assert answer.status_code == 200
        assert subscription.next(3) == f"account:{account}"
    finally:
        subscription.close()


def test_redis_down_refuses_the_stream_but_texts_are_still_stored(app, client, api, account):
    app.config.update(REDIS_URL="redis://127.0.0.1:9/0", TWILIO_AUTH_TOKEN="token",
                      PUBLIC_BASE_URL="http://desk.example")
    assert api.get(f"/live/events?account={account}").status_code == 503
    answer = signed_post(app, client, "/webhooks/twilio/sms",
                         {"MessageSid": "SM" + "8" * 32, "From": MOBILE, "Body": "Still here"})
    assert answer.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(Message.body).where(Message.twilio_sid == "SM" + "8" * 32)) == "Still here"
