"""Each stored callback names the Twilio sid it is about (MessageSid, else CallSid): on arrival,
and for callbacks stored before migration 0025, from their form; a repeated or overlong value is
no sid. The record export finds an account's callbacks by it."""
import json

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from desk import create_app
from desk.extensions import db
from models.webhooks import sid_of

FORMS = {
    "text": ({"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"}, "SM" + "1" * 32),
    "call": ({"CallSid": "CA" + "2" * 32, "CallStatus": "completed"}, "CA" + "2" * 32),
    "both": ({"MessageSid": "SM" + "3" * 32, "CallSid": "CA" + "3" * 32}, "SM" + "3" * 32),
    "repeated": ({"MessageSid": ["SMa", "SMb"]}, None),
    "overlong": ({"CallSid": "CA" + "9" * 70}, None),
    "none": ({"Body": "hi"}, None),
}


@pytest.mark.parametrize("kind", FORMS)
def test_the_sid_of_a_callbacks_form(kind):
    form, sid = FORMS[kind]
    assert sid_of(form) == sid


def test_callbacks_stored_before_the_migration_get_their_sid(fresh_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_url, "TESTING": True})
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0024")
        for kind, (form, _sid) in FORMS.items():
            db.session.execute(text("INSERT INTO webhook_events (path, query, form, headers, received_at) "
                                    "VALUES (:path, '', :form, '{}', CURRENT_TIMESTAMP)"),
                               {"path": f"/webhooks/twilio/{kind}", "form": json.dumps(form)})
        db.session.commit()
        upgrade(directory=directory, revision="0025")
        found = dict(db.session.execute(text("SELECT path, sid FROM webhook_events")).all())
        db.session.remove()
        db.engine.dispose()
    assert found == {f"/webhooks/twilio/{kind}": sid for kind, (_form, sid) in FORMS.items()}


def test_a_callback_is_stored_with_its_sid(app, client):
    from models import WebhookEvent
    from tests.helpers import signed_post

    sid = "SM" + "4" * 32
    app.config["TWILIO_AUTH_TOKEN"] = "a-test-auth-token"  # what the callback is signed with
    answer = signed_post(app, client, "/webhooks/twilio/sms/status", {"MessageSid": sid, "MessageStatus": "delivered"})
    assert answer.status_code == 204  # an unknown text: stored, and nothing else
    with app.app_context():
        assert db.session.execute(db.select(WebhookEvent.sid)).scalars().all() == [sid]
