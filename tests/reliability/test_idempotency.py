"""Exactly once: a write repeated under the same Idempotency-Key (an API client's retry, a console
form sent twice, a double click) makes one record and sends one text, email or call."""
import hashlib
import io
import re
import threading
from datetime import date, timedelta

import pytest
import requests

from desk.extensions import db
from models import Activity, Call, Email, IdempotencyKey, Message, Payment, Promise, utcnow
from tests.helpers import DATA, MOBILE, settle, wired_simulator

SOON = (date.today() + timedelta(days=5)).isoformat()


@pytest.fixture
def sim(app, live_server, open_hours):
    """The Twilio simulator wired to the live desk; the collector's phone answers."""
    from tests.helpers import COLLECTOR_PHONE, OUR_NUMBER

    with wired_simulator(app, live_server, from_number=OUR_NUMBER) as simulator:
        simulator.script(COLLECTOR_PHONE, call="answer", talk_seconds=5, ring_seconds=1)
        simulator.script(MOBILE, call="no-answer")
        yield simulator
        settle(simulator)


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(model.id))).scalar()


# What each action posts, the record it makes, and what it sends outside the desk.
ACTIONS = {
    "sms": ("messages", {"body": "Please call us back."}, Message),
    "email": ("emails", {"to": "maria@example.com", "subject": "Hello", "body": "Please call us."}, Email),
    "call": ("calls", {"via": "phone"}, Call),
    "promise": ("promises", {"amount": "120.00", "due_on": SOON}, Promise),
    "payment": ("payments", {"amount": "75.00", "reference": "CHK-77"}, Payment),
    "activity": ("activities", {"notes": "Customer says the check is in the mail."}, Activity),
}


def sent_outside(action, sim, inbox) -> int:
    if action == "sms":
        return len(sim.world.messages)
    if action == "call":
        return len([c for c in sim.world.calls.values() if c.data["to"] == MOBILE])
    if action == "email":
        return len(inbox.messages)
    return 0


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_repeat_is_answered_as_the_first_and_does_nothing_again(app, api, account, sim, inbox, action):
    resource, body, model = ACTIONS[action]
    url = f"/api/v1/accounts/{account}/{resource}"
    first = api.post(url, json=body, headers={"Idempotency-Key": f"{action}-1"})
    assert first.status_code in (201, 202), first.json
    settle(sim)
    outside = sent_outside(action, sim, inbox)
    assert outside == (0 if action in ("promise", "payment", "activity") else 1)
    again = api.post(url, json=dict(reversed(body.items())), headers={"Idempotency-Key": f"{action}-1"})
    assert (again.status_code, again.json) == (first.status_code, first.json)
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    settle(sim)
    assert sent_outside(action, sim, inbox) == outside
    assert count(app, model) == 1


def test_without_a_key_each_request_is_new(app, api, account):
    for _ in range(2):
        assert api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "Left a message."}).status_code == 201
    assert count(app, Activity) == 2


@pytest.mark.parametrize("other", [
    {"url": "activities", "json": {"notes": "Something else."}},
    {"url": "promises", "json": {"amount": "10.00", "due_on": SOON}},
])
def test_the_same_key_for_another_request_is_422(app, api, account, other):
    key = {"Idempotency-Key": "reused"}
    assert api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "First."}, headers=key).status_code == 201
    answer = api.post(f"/api/v1/accounts/{account}/{other['url']}", json=other["json"], headers=key)
    assert answer.status_code == 422, answer.json
    assert "Idempotency-Key" in answer.json["error"]["fields"]
    assert count(app, Activity) == 1 and count(app, Promise) == 0


@pytest.mark.parametrize("key", ["", "   ", "k" * 256, "a\tb"])
def test_an_unusable_key_is_refused_and_nothing_done(app, api, account, key):
    answer = api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "x"}, headers={"Idempotency-Key": key})
    assert answer.status_code == 422, answer.json
    assert "Idempotency-Key" in answer.json["error"]["fields"]
    assert count(app, Activity) == 0


def test_a_key_of_255_characters_is_fine(app, api, account):
    key = {"Idempotency-Key": "k" * 255}
    for _ in range(2):
        assert api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "x"}, headers=key).status_code == 201
    assert count(app, Activity) == 1


def test_keys_belong_to_their_user(app, api, admin_api, account):
    key = {"Idempotency-Key": "shared-name"}
    assert api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "x"}, headers=key).status_code == 201
    theirs = admin_api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "x"}, headers=key)
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs.headers
    assert count(app, Activity) == 2


def test_a_refusal_is_kept_and_replayed(app, api, account):
    key = {"Idempotency-Key": "too-big"}
    body = {"amount": "99999.00"}  # more than the balance: refused
    first = api.post(f"/api/v1/accounts/{account}/payments", json=body, headers=key)
    assert first.status_code == 422, first.json
    again = api.post(f"/api/v1/accounts/{account}/payments", json=body, headers=key)
    assert (again.status_code, again.json, again.headers["Idempotent-Replayed"]) == (422, first.json, "true")


def test_an_upload_sent_twice_is_one_import(app, admin_api, users):
    """A multipart body: its boundary differs on every send, what it carries does not."""
    from models import ImportRun

    key = {"Idempotency-Key": "import-1"}
    csv = (DATA / "accounts_bom_comma.csv").read_bytes()
    answers = [admin_api.post("/api/v1/imports/accounts", data={"file": (io.BytesIO(csv), "dms.csv")},
                              content_type="multipart/form-data", headers=key) for _ in range(2)]
    assert [a.status_code for a in answers] == [202, 202] and answers[0].json == answers[1].json
    assert count(app, ImportRun) == 1
    other = admin_api.post("/api/v1/imports/accounts", data={"file": (io.BytesIO(csv + b"\n"), "dms.csv")},
                           content_type="multipart/form-data", headers=key)
    assert other.status_code == 422 and "Idempotency-Key" in other.json["error"]["fields"]


def test_a_server_error_gives_the_key_back(app, api, account, sim):
    """Twilio down: the call is not placed, and a retry with the same key places it."""
    key = {"Idempotency-Key": "call-retry"}
    sim.fault("rest_500", times=None)
    failed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone"}, headers=key)
    assert failed.status_code >= 500, failed.json
    sim.clear_faults()
    placed = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone"}, headers=key)
    assert placed.status_code == 201 and "Idempotent-Replayed" not in placed.headers
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(IdempotencyKey.id))).scalar() == 1


def test_keys_older_than_a_day_are_pruned_and_can_be_used_again(app, api, account):
    from jobs.recurring import prune_idempotency_keys

    key = {"Idempotency-Key": "yesterday"}
    assert api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "x"}, headers=key).status_code == 201
    with app.app_context():
        db.session.execute(db.update(IdempotencyKey).values(created_at=utcnow() - timedelta(hours=25)))
        db.session.commit()
    again = api.post(f"/api/v1/accounts/{account}/activities", json={"notes": "x"}, headers=key)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers  # expired: a new request
    with app.app_context():
        db.session.execute(db.update(IdempotencyKey).values(created_at=utcnow() - timedelta(hours=25)))
        db.session.commit()
        assert prune_idempotency_keys() == 1
        assert db.session.execute(db.select(db.func.count(IdempotencyKey.id))).scalar() == 0
    assert count(app, Activity) == 2


def running(app, user_id, key, path, age):
    """A key's row as a first request leaves it while it runs (no answer yet)."""
    body_hash = hashlib.sha256(b'{"notes":"x"}').hexdigest()
    with app.app_context():
        db.session.add(IdempotencyKey(user_id=user_id, key=key, method="POST", path=path, body_hash=body_hash,
                                      created_at=utcnow() - age))
        db.session.commit()


def test_a_repeat_while_the_first_runs_is_told_to_retry(app, api, account, users):
    path = f"/api/v1/accounts/{account}/activities"
    running(app, users["collector"], "running", path, timedelta(minutes=1))
    busy = api.post(path, json={"notes": "x"}, headers={"Idempotency-Key": "running"})
    assert busy.status_code == 409 and busy.json["error"]["code"] == "idempotency_in_progress"
    assert busy.headers["Retry-After"] == "1" and count(app, Activity) == 0


def test_a_key_left_running_by_a_dead_process_is_taken_over(app, api, account, users):
    path = f"/api/v1/accounts/{account}/activities"
    running(app, users["collector"], "orphan", path, timedelta(minutes=11))
    answer = api.post(path, json={"notes": "x"}, headers={"Idempotency-Key": "orphan"})
    assert answer.status_code == 201 and count(app, Activity) == 1


@pytest.mark.parametrize("resource, body, model", [
    ("payments", {"amount": "40.00"}, Payment),
    ("activities", {"notes": "Two clicks at once."}, Activity),
])
def test_two_identical_requests_at_the_same_moment_make_one_record(app, api, account, live_server,
                                                                   resource, body, model):
    url = f"{live_server}/api/v1/accounts/{account}/{resource}"
    headers = {"Authorization": f"Bearer {api.token}", "Idempotency-Key": f"race-{resource}"}
    barrier = threading.Barrier(4)
    answers = []

    def post():
        barrier.wait()
        answers.append(requests.post(url, json=body, headers=headers, timeout=30))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(app, model) == 1
    made = [a for a in answers if a.status_code == 201]
    busy = [a for a in answers if a.status_code == 409]
    assert len(made) + len(busy) == 4 and made, [(a.status_code, a.text) for a in answers]
    assert len({a.json()["id"] for a in made}) == 1
    assert all(a.json()["error"]["code"] == "idempotency_in_progress" and a.headers["Retry-After"] for a in busy)


def test_every_post_documents_the_header(client):
    spec = client.get("/api/v1/openapi.json").json
    posts = [(path, item["post"]) for path, item in spec["paths"].items() if "post" in item]
    assert len(posts) > 10
    for path, operation in posts:
        header = [p for p in operation["parameters"] if p["in"] == "header" and p["name"] == "Idempotency-Key"]
        assert header and header[0]["schema"]["maxLength"] == 255, path
        assert {"409", "422"} <= set(operation["responses"]), path
    patch = spec["paths"]["/accounts/{account_id}"]["patch"]
    assert not [p for p in patch["parameters"] if p["name"] == "Idempotency-Key"]


# The console

def form_key(html: str, action: str) -> str:
    """The one-time key of the form that posts to `action` on a rendered page."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, re.S).group(0)
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', form).group(1)


def test_a_console_form_sent_twice_makes_one_record(app, client, auth, account):
    auth.login()
    action = f"/accounts/{account}/activities"
    key = form_key(client.get(f"/accounts/{account}").text, action)
    form = {"notes": "Promised to bring the title.", "idempotency_key": key}
    first = client.post(action, data=form)
    again = client.post(action, data=form)
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert count(app, Activity) == 1
    assert "Already done" in client.get(again.headers["Location"]).text


def test_each_rendering_of_a_form_has_its_own_key(client, auth, account):
    auth.login()
    action = f"/accounts/{account}/activities"
    assert form_key(client.get(f"/accounts/{account}").text, action) != \
        form_key(client.get(f"/accounts/{account}").text, action)


def test_a_refused_console_form_can_be_corrected_and_sent_with_its_key(app, client, auth, account):
    auth.login()
    action = f"/accounts/{account}/promises"
    key = form_key(client.get(f"/accounts/{account}").text, action)
    refused = client.post(action, data={"amount": "abc", "due_on": SOON, "idempotency_key": key})
    assert refused.status_code == 422 and count(app, Promise) == 0  # the window again, with what was typed
    saved = client.post(action, data={"amount": "80.00", "due_on": SOON, "idempotency_key": key})
    assert saved.status_code == 302 and count(app, Promise) == 1
    client.post(action, data={"amount": "80.00", "due_on": SOON, "idempotency_key": key})
    assert count(app, Promise) == 1


def test_a_console_key_sent_with_other_values_changes_nothing(app, client, auth, account):
    auth.login()
    action = f"/accounts/{account}/activities"
    key = form_key(client.get(f"/accounts/{account}").text, action)
    client.post(action, data={"notes": "First.", "idempotency_key": key})
    other = client.post(action, data={"notes": "Second.", "idempotency_key": key}, follow_redirects=True)
    assert "already sent with other values" in other.text
    assert count(app, Activity) == 1


# In the browser

@pytest.mark.browser
def test_double_clicking_send_sms_sends_one_text(app, live_server, page, account, sim):
    from playwright.sync_api import expect

    from tests.helpers import log_in

    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Send SMS")
    window = page.locator("dialog#send-sms")
    window.locator("textarea[name=body]").fill("One text, however many clicks.")
    window.locator("button[type=submit]").dblclick()
    expect(window).to_be_hidden()
    expect(page.locator("#sms-thread li.sms-outbound").first).to_have_attribute("data-status", "delivered")
    settle(sim)
    assert count(app, Message) == 1 and len(sim.world.messages) == 1


@pytest.mark.browser
def test_double_clicking_save_activity_records_one(app, live_server, page, account):
    from playwright.sync_api import expect

    from tests.helpers import log_in

    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/{account}")
    page.click(".quick-actions >> text=Add Activity")
    window = page.locator("dialog#add-activity")
    window.locator("textarea[name=notes]").fill("Spoke with Maria; paying Friday.")
    window.locator("button[type=submit]").dblclick()
    expect(page.locator(".flash").first).to_be_visible()
    expect(page.locator("#timeline, main").first).to_contain_text("paying Friday")
    assert count(app, Activity) == 1
