"""Property tests of the newer API endpoints (messages, emails, calls, conversation and call
links, imports): whatever arrives, never a 500, and a refusal writes nothing."""
from io import BytesIO

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desk.extensions import db
from models import Activity, Attachment, Call, Conversation, Email, Message, OutboxJob
from tests.helpers import JSON

FIELDS = ["body", "template_id", "attachment_ids", "to", "phone_id", "subject", "email_id", "via",
          "number", "machine_detection", "voicemail", "account_id", "cc", "html", "send_at", "unexpected"]
BODIES = st.one_of(JSON, st.dictionaries(st.sampled_from(FIELDS), JSON | st.integers(-2**70, 2**70), max_size=5))
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PATHS = ["/api/v1/accounts/{a}/messages", "/api/v1/accounts/{a}/messages/preview", "/api/v1/accounts/{a}/emails",
         "/api/v1/accounts/{a}/calls", "/api/v1/conversations/{c}/link", "/api/v1/calls/{k}/link"]
REFUSED = (400, 404, 409, 413, 415, 422)


def counts(app):
    with app.app_context():
        return [db.session.query(model).count()
                for model in (Message, Email, Call, Activity, Attachment, OutboxJob, Conversation)]


def rows(app, account):
    """An unmatched conversation and an unmatched inbound call to link."""
    with app.app_context():
        conversation = Conversation(account_id=None, phone_number="+13125550199")
        call = Call(account_id=None, direction="inbound", via="phone", status="completed")
        db.session.add_all([conversation, call])
        db.session.commit()
        return {"a": account, "c": conversation.id, "k": call.id}


@FUZZ
@given(body=BODIES, path=st.sampled_from(PATHS))
@example(body={"body": "\x00"}, path="/api/v1/accounts/{a}/messages")  # PostgreSQL refuses NUL in text
@example(body={"subject": "\ud800", "body": "x"}, path="/api/v1/accounts/{a}/emails")
@example(body={"account_id": "١"}, path="/api/v1/conversations/{c}/link")  # int("١") is 1
@example(body={"to": "\x00"}, path="/api/v1/accounts/{a}/calls")
def test_json_endpoints_never_500_never_partial(app, api, account, body, path):
    ids = rows(app, account)
    before = counts(app)
    answer = api.post(path.format(**ids), json=body)
    assert answer.status_code < 500 or answer.status_code == 503, (path, body, answer.json)
    if answer.status_code in REFUSED:
        assert counts(app) == before
        assert set(answer.json["error"]) == {"code", "message", "fields"}


@FUZZ
@given(content=st.binary(max_size=400) | st.text(max_size=300).map(str.encode),
       mapping=st.none() | JSON.map(lambda j: __import__("json").dumps(j).encode()),
       kind=st.sampled_from(["accounts", "payments"]))
def test_imports_never_500(app, admin_api, content, mapping, kind):
    files = {"file": (BytesIO(content), "upload.csv")}
    if mapping is not None:
        files["mapping"] = (BytesIO(mapping), "mapping.json")
    answer = admin_api.post(f"/api/v1/imports/{kind}", data=files, content_type="multipart/form-data")
    assert answer.status_code in (202, 400, 413, 415, 422), answer.json
