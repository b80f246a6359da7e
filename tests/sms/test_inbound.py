"""Customers' texts: threading, the unmatched inbox and linking, media, keywords."""
import pytest

from desk.extensions import db
from models import Activity, Attachment, ConsentEvent, Conversation, Message, MessageMedia, Phone
from tests.helpers import HOME, MOBILE, PNG, fresh, signed_post, wait_for

STRANGER = "+13125550177"


def thread(api, account_id):
    return api.get(f"/api/v1/accounts/{account_id}/messages").json["items"]


def make_account(app, number, account_number, phones):
    from desk.accounts.records import create_account

    with app.app_context():
        made = create_account({"number": account_number, "first_name": "Jo", "last_name": "Doe",
                               "phones": [{"number": p, "label": "mobile"} for p in phones],
                               "address": {"state": "TX", "zip": "75201"}})
        db.session.commit()
        return made.id


def test_reply_lands_in_the_account_thread(app, api, auth, client, account, sim):
    api.post(f"/api/v1/accounts/{account}/messages", json={"body": "Payment reminder"})
    sim.customer_sms(MOBILE, "I will pay Friday")
    sim.customer_sms(HOME, "This is my home line")
    items = thread(api, account)
    assert [(m["direction"], m["body"]) for m in items] == [
        ("outbound", "Payment reminder"), ("inbound", "I will pay Friday"), ("inbound", "This is my home line")]
    assert items[1]["from"] == MOBILE and items[2]["from"] == HOME and items[1]["status"] == "received"
    with app.app_context():
        notes = db.session.execute(db.select(Activity.notes).where(
            Activity.account_id == account, Activity.type == "sms")).scalars().all()
        assert len(notes) == 3 and any("I will pay Friday" in n for n in notes)
    auth.login()
    assert b'<span class="tag tag-red">2</span>' in client.get("/accounts").data
    assert client.get(f"/accounts/{account}").status_code == 200
    assert b'<span class="tag tag-red">' not in client.get("/accounts").data


def test_duplicate_webhook_stores_one_message(app, client, account):
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    form = {"MessageSid": "SM" + "1" * 32, "From": MOBILE, "To": "+15005550006", "Body": "hello",
            "NumMedia": "0"}
    for _ in range(2):
        answer = signed_post(app, client, "/webhooks/twilio/sms", form)
        assert answer.status_code == 200 and b"<Response>" in answer.data
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Message.id))) == 1
        assert db.session.scalar(db.select(Conversation.unread_count)) == 1
    assert client.post("/webhooks/twilio/sms", data=form).status_code == 403


def test_number_on_several_accounts_goes_to_the_most_recently_contacted(app, api, auth, client, account, sim):
    other = make_account(app, MOBILE, "B-2002", [MOBILE])
    api.post(f"/api/v1/accounts/{other}/messages", json={"body": "From the other account"})
    sim.wait_until(sim.idle)
    sim.customer_sms(MOBILE, "Which account is this?")
    assert [m["body"] for m in thread(api, other)][-1] == "Which account is this?"
    assert [m["direction"] for m in thread(api, account)] == []
    with app.app_context():
        conversation = db.session.execute(db.select(Conversation).where(Conversation.account_id == other)).scalar_one()
        assert conversation.ambiguous
    auth.login()
    assert b"that number is on several accounts" in client.get(f"/accounts/{other}").data
    conversation_id = conversation.id
    moved = client.post(f"/sms/conversations/{conversation_id}/link", data={"account_id": "A-1001"})
    assert moved.status_code == 302
    assert [m["body"] for m in thread(api, account)] == ["Which account is this?"]
    assert thread(api, other)[-1]["body"] == "From the other account"


def test_unmatched_inbox_and_linking(app, api, auth, client, account, sim):
    sim.customer_sms(STRANGER, "Hi this is Maria from my new phone")
    sim.customer_sms(STRANGER, "Can you call me?")
    inbox = api.get("/api/v1/conversations?unmatched=1").json["items"]
    assert len(inbox) == 1 and inbox[0]["phone_number"] == STRANGER and inbox[0]["account_id"] is None
    assert inbox[0]["unread_count"] == 2
    texts = api.get(f"/api/v1/conversations/{inbox[0]['id']}/messages").json["items"]
    assert [m["body"] for m in texts] == ["Hi this is Maria from my new phone", "Can you call me?"]
    auth.login()
    page = client.get("/sms/unmatched").data
    assert b"Can you call me?" in page and b'Unmatched texts <span class="tag tag-red">1</span>' in page
    conversation_id = inbox[0]["id"]
    for payload, status in (({}, 422), ({"account_id": 999999}, 422), ({"account_id": "x"}, 422)):
        assert api.post(f"/api/v1/conversations/{conversation_id}/link", json=payload).status_code == status
    assert api.post("/api/v1/conversations/999999/link", json={"account_id": account}).status_code == 404
    linked = api.post(f"/api/v1/conversations/{conversation_id}/link", json={"account_id": account})
    assert linked.status_code == 200 and linked.json["account_id"] == account
    assert [m["body"] for m in thread(api, account)] == ["Hi this is Maria from my new phone", "Can you call me?"]
    assert api.get("/api/v1/conversations?unmatched=1").json["items"] == []
    assert api.post(f"/api/v1/conversations/{conversation_id}/link", json={"account_id": account}).status_code == 409
    with app.app_context():
        types = db.session.execute(db.select(Activity.type).where(Activity.account_id == account)).scalars().all()
        assert types.count("sms") == 2 and "system" in types
    sim.customer_sms(STRANGER, "Thanks")
    assert thread(api, account)[-1]["body"] == "Thanks"


def test_link_through_the_console_form(app, auth, client, account, sim):
    sim.customer_sms(STRANGER, "hello")
    with app.app_context():
        conversation_id = db.session.scalar(db.select(Conversation.id))
    auth.login()
    answer = client.post(f"/sms/conversations/{conversation_id}/link", data={"account_id": "A-1001"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/accounts/{account}")
    assert b"hello" in client.get(f"/accounts/{account}").data


def test_inbound_mms_is_fetched_and_shown(app, api, auth, client, account, sim):
    sim.customer_sms(MOBILE, "here is my receipt", media=[("receipt.png", PNG, None)])
    item = thread(api, account)[-1]
    assert item["media"][0]["content_type"] == "image/png" and item["media"][0]["fetch_status"] == "stored"
    assert client.get(item["media"][0]["url"]).status_code in (302, 401)  # needs a login
    auth.login()
    served = client.get(item["media"][0]["url"])
    assert served.status_code == 200 and served.data == PNG
    with app.app_context():
        attachment = db.session.execute(db.select(Attachment)).scalar_one()
        assert attachment.account_id == account and attachment.content_type == "image/png"


def test_failed_media_fetch_is_visible_and_retried(app, api, auth, client, account, sim):
    good = app.config["TWILIO_AUTH_TOKEN"]
    app.config.update(TWILIO_AUTH_TOKEN="wrong-token", TWILIO_AUTH_TOKEN_PREVIOUS=good)  # webhooks still verify
    sim.customer_sms(MOBILE, "photo", media=[("car.png", PNG, None)])
    media = thread(api, account)[-1]["media"][0]
    assert media["fetch_status"] == "failed" and "401" in media["fetch_error"] and media["url"] is None
    auth.login()
    assert b"download failed" in client.get(f"/accounts/{account}").data
    app.config.update(TWILIO_AUTH_TOKEN=good, TWILIO_AUTH_TOKEN_PREVIOUS=None)
    with app.app_context():
        media_id = db.session.scalar(db.select(MessageMedia.id))
    assert client.post(f"/sms/media/{media_id}/retry").status_code == 302
    assert fresh(app, MessageMedia, media_id).fetch_status == "stored"
    assert client.post(f"/sms/media/{media_id}/retry").status_code == 302  # refused: flashed
    assert fresh(app, MessageMedia, media_id).fetch_status == "stored"


def phones(app, number):
    with app.app_context():
        rows = db.session.execute(db.select(Phone).where(Phone.number == number)).scalars().all()
        db.session.expunge_all()
        return rows


def events(app):
    with app.app_context():
        rows = db.session.execute(db.select(ConsentEvent).order_by(ConsentEvent.id)).scalars().all()
        db.session.expunge_all()
        return rows


@pytest.mark.parametrize("word", ["STOP", " stop ", "Unsubscribe", "cancel", "END", "quit", "REVOKE",
                                  "optout", "STOPALL"])
def test_stop_keywords_opt_out_every_account_with_the_number(app, api, account, sim, word):
    other = make_account(app, MOBILE, "B-2002", [MOBILE])
    sim.customer_sms(MOBILE, word)
    assert all(p.sms_opt_out and p.sms_opt_out_how == f"SMS keyword {word.strip().upper()}"
               for p in phones(app, MOBILE))
    logged = events(app)
    assert {(e.account_id, e.action, e.words) for e in logged} == {(account, "opt_out", word), (other, "opt_out", word)}
    refused = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "hi"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "sms_opt_out"


def test_start_opts_back_in_and_help_is_recorded(app, api, account, sim):
    sim.customer_sms(MOBILE, "STOP")
    sim.customer_sms(MOBILE, "Start")
    assert not phones(app, MOBILE)[0].sms_opt_out
    sim.customer_sms(MOBILE, "help")
    assert [e.action for e in events(app)] == ["opt_out", "opt_in", "help"]
    assert not phones(app, MOBILE)[0].sms_opt_out
    answer = api.post(f"/api/v1/accounts/{account}/messages", json={"body": "Welcome back"})
    assert answer.status_code == 202
    assert wait_for(lambda: fresh(app, Message, answer.json["id"]).status == "delivered")


@pytest.mark.parametrize("text, flagged", [
    ("please stop texting me", True),
    ("Do not text this number again", True),
    ("take me off your list", True),
    ("I will stop by the lot Friday", False),
    ("STOP", False),  # a keyword, handled as an opt-out
    ("Can you text me the payoff?", False),
])
def test_free_text_stop_requests_are_flagged(app, api, account, sim, text, flagged):
    sim.customer_sms(MOBILE, text)
    assert thread(api, account)[-1]["stop_request_flagged"] is flagged
    assert [e.action for e in events(app)] == (["flagged"] if flagged else ["opt_out"] if text == "STOP" else [])


def test_collector_confirms_a_stop_request(app, api, users, account, sim):
    sim.customer_sms(MOBILE, "please stop texting me")
    message = thread(api, account)[-1]
    assert not phones(app, MOBILE)[0].sms_opt_out
    confirmed = api.post(f"/api/v1/messages/{message['id']}/confirm-stop")
    assert confirmed.status_code == 200 and confirmed.json["stop_request_flagged"] is False
    assert phones(app, MOBILE)[0].sms_opt_out
    event = events(app)[-1]
    assert (event.action, event.by_user_id, event.words) == ("opt_out", users["collector"], "please stop texting me")
    assert api.post("/api/v1/messages/999999/confirm-stop").status_code == 404


def test_dismiss_a_stop_request_in_the_console(app, auth, client, account, sim):
    sim.customer_sms(MOBILE, "stop texting my wife")
    with app.app_context():
        message_id = db.session.scalar(db.select(Message.id))
    auth.login()
    assert b"Confirm opt-out" in client.get(f"/accounts/{account}").data
    assert client.post(f"/accounts/{account}/sms/{message_id}/dismiss-stop").status_code == 302
    assert not fresh(app, Message, message_id).stop_request_flagged
    assert not phones(app, MOBILE)[0].sms_opt_out


def test_unread_count_in_the_worklist_and_the_polled_thread(app, api, auth, client, users, account, sim):
    from datetime import date

    api.post(f"/api/v1/accounts/{account}/activities",
             json={"notes": "call back", "assigned_to": users["collector"], "follow_up_on": date.today().isoformat()})
    sim.customer_sms(MOBILE, "Call me after 5")
    assert client.get(f"/accounts/{account}/sms/thread").status_code in (302, 401)
    auth.login()
    assert b'<td class="unread"><span class="tag tag-red">1</span>' in client.get("/worklist").data
    fragment = client.get(f"/accounts/{account}/sms/thread")
    assert fragment.status_code == 200 and b"Call me after 5" in fragment.data
    assert b'<span class="tag tag-red">' not in client.get("/worklist").data


def test_the_page_shows_the_latest_texts_of_a_long_thread(app, api, account, monkeypatch):
    import console.sms

    monkeypatch.setattr(console.sms, "THREAD_LENGTH", 3)
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    client = app.test_client()
    for n in range(5):
        assert signed_post(app, client, "/webhooks/twilio/sms",
                           {"MessageSid": f"SM{n:032d}", "From": MOBILE, "Body": f"text number {n}"}).status_code == 200
    page = api.get(f"/accounts/{account}/sms/thread").get_data(as_text=True)
    assert [n for n in range(5) if f"text number {n}" in page] == [2, 3, 4]
    assert page.index("text number 2") < page.index("text number 4") and "Older texts are not shown" in page
    assert len(thread(api, account)) == 5  # the API still has them all
