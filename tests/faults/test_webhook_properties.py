"""Property tests: whatever a correctly signed Twilio form carries (malformed numbers, unknown
statuses, media fields without NumMedia, huge or unicode values), the webhooks answer below 500
and a refused event writes nothing but its raw record."""
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desk.extensions import db
from models import Call, Conversation, Message, MessageMedia
from models.webhooks import WebhookEvent
from tests.helpers import signed_post

KEYS = ["MessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "MediaUrl0",
        "MediaContentType0", "MediaUrl1", "MessageStatus", "ErrorCode", "ErrorMessage", "CallSid",
        "CallStatus", "SequenceNumber", "CallDuration", "Direction", "ParentCallSid", "AnsweredBy",
        "DialCallStatus", "DialCallDuration", "DialCallSid", "RecordingUrl", "RecordingSid",
        "RecordingDuration", "RecordingStatus", "Digits", "Timestamp", "OptOutType", "Unexpected", ""]
ODD = st.sampled_from(["", "-1", "abc", "0", "99", "1e9", "+12145550101", "+15005550006", "client:cole",
                       "SM" + "1" * 32, "CA" + "2" * 32, "delivered", "undelivered", "teleported",
                       "completed", "in-progress", "machine_start", "https://evil.example/x.png", "STOP",
                       "START", "Ünïcødé ✓ 🚗", "\x00", "x" * 200_000])
VALUES = ODD | st.text(max_size=60)
FORMS = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=10)
PATHS = ["/webhooks/twilio/sms", "/webhooks/twilio/sms/status", "/webhooks/twilio/sms/status?m=1",
         "/webhooks/twilio/sms/status?m=abc", "/webhooks/twilio/voice", "/webhooks/twilio/voice/status",
         "/webhooks/twilio/voice/status?c=1", "/webhooks/twilio/voice/bridge/1",
         "/webhooks/twilio/voice/dial-action/1", "/webhooks/twilio/voice/dial-action/1?stage=x",
         "/webhooks/twilio/voice/screen/1", "/webhooks/twilio/voice/recording/1",
         "/webhooks/twilio/voice/voicemail/1"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


def signed(app):
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")


def rows(app):
    with app.app_context():
        return [db.session.query(model).count() for model in (Message, MessageMedia, Conversation, Call)]


@FUZZ
@given(form=FORMS, path=st.sampled_from(PATHS))
@example(form={"From": "+12145550101", "Body": "\x00", "MessageSid": "SM" + "5" * 32}, path="/webhooks/twilio/sms")
@example(form={"CallSid": "\x00", "CallStatus": "completed"}, path="/webhooks/twilio/voice/status?c=1")
def test_signed_webhooks_never_500_never_partial(app, client, account, form, path):
    signed(app)
    before = rows(app)
    answer = signed_post(app, client, path, form)
    assert answer.status_code < 500, (path, form)
    if answer.status_code >= 400:
        assert rows(app) == before


@FUZZ
@given(form=FORMS)
def test_a_bad_signature_is_403_and_stores_nothing(app, client, form):
    signed(app)
    with app.app_context():
        events = db.session.query(WebhookEvent).count()
    answer = client.post("/webhooks/twilio/sms", data=form, headers={"X-Twilio-Signature": "forged"})
    assert answer.status_code == 403
    with app.app_context():
        assert db.session.query(WebhookEvent).count() == events


def test_repeated_and_huge_fields(app, client, account):
    signed(app)
    form = {"MessageSid": "SM" + "3" * 32, "From": "+12145550101", "Body": "é" * 500_000,
            "MediaUrl0": "https://evil.example/x.png"}
    answer = signed_post(app, client, "/webhooks/twilio/sms", form)
    assert answer.status_code < 500
    with app.app_context():
        assert db.session.query(MessageMedia).count() == 0  # no NumMedia: no media to fetch
    again = signed_post(app, client, "/webhooks/twilio/sms", form)
    assert again.status_code < 500
    with app.app_context():
        assert db.session.query(Message).filter_by(twilio_sid=form["MessageSid"]).count() <= 1


def test_a_nul_character_in_a_text(app, client, account):
    """PostgreSQL refuses NUL in text columns; the desk still keeps the customer's text."""
    signed(app)
    form = {"MessageSid": "SM" + "4" * 32, "From": "+12145550101", "Body": "pay\x00ment", "NumMedia": "0"}
    answer = signed_post(app, client, "/webhooks/twilio/sms", form)
    assert answer.status_code == 200
    with app.app_context():
        message = db.session.query(Message).filter_by(twilio_sid=form["MessageSid"]).one()
        assert message.body.startswith("pay") and message.body.endswith("ment")
