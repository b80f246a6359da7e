"""Inbound routing by presence: the assigned collector on one device, then other available
softphones, then phones, then the voicemail; busy and away collectors are never rung.

Each test walks a call through every stage: Twilio's signed webhook for the call, then the
<Dial action> of each stage reporting nobody answered, until the voicemail's <Record>."""
from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from desk.extensions import db
from models import Call, User, utcnow
from tests.helpers import COLLECTOR_PHONE, MOBILE, OTHER_PHONE, OUR_NUMBER, signed_post

SOFTPHONE = {"TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "0123456789abcdef0123456789abcdef",
             "TWILIO_API_KEY_SID": "SK" + "2" * 32, "TWILIO_API_KEY_SECRET": "s" * 32,
             "TWILIO_TWIML_APP_SID": "AP" + "3" * 32, "TWILIO_FROM_NUMBER": OUR_NUMBER,
             "PUBLIC_BASE_URL": "http://desk.test"}
SID = "CA" + "9" * 32
VOICEMAIL = "voicemail"


@pytest.fixture
def desk(app, account, users):
    """The desk with the softphone on; the account is assigned to the collector."""
    app.config.update(SOFTPHONE)
    return app


def set_user(app, user_id: int, online: bool = True, **fields) -> None:
    """call_via / presence, and whether a console of theirs beat a moment ago (else long ago)."""
    with app.app_context():
        user = db.session.get(User, user_id)
        for name, value in fields.items():
            setattr(user, name, value)
        user.last_seen_at = utcnow() - timedelta(seconds=5 if online else 600)
        db.session.commit()


def on_a_call(app, user_id: int) -> None:
    with app.app_context():
        db.session.add(Call(direction="outbound", via="phone", collector_id=user_id, status="in-progress"))
        db.session.commit()


def rung(twiml: bytes) -> tuple[str, list[str]]:
    """(stage, who is rung: "client:<identity>" or a number), or ("voicemail", [])."""
    root = ElementTree.fromstring(twiml)
    dial = root.find("Dial")
    if dial is None:
        assert root.find("Record") is not None, twiml
        return VOICEMAIL, []
    action = urlsplit(dial.get("action"))
    stage = dict(part.split("=") for part in action.query.split("&"))["stage"]
    return stage, [("client:" if child.tag == "Client" else "") + (child.findtext("Identity") or child.text).strip()
                   for child in dial]


def route(app, client) -> list:
    """Every stage an unanswered call from the account's mobile goes through."""
    answer = signed_post(app, client, "/webhooks/twilio/voice",
                         {"CallSid": SID, "From": MOBILE, "To": OUR_NUMBER, "CallStatus": "ringing"})
    stages = []
    while True:
        assert answer.status_code == 200
        stage, targets = rung(answer.data)
        stages.append((stage, targets) if targets else stage)
        if stage == VOICEMAIL:
            return stages
        action = urlsplit(ElementTree.fromstring(answer.data).find("Dial").get("action"))
        answer = signed_post(app, client, f"{action.path}?{action.query}",
                             {"CallSid": SID, "DialCallStatus": "no-answer", "DialCallDuration": "0"})


def client_of(user_id: int) -> str:
    return f"client:user-{user_id}"


def test_an_available_browser_collector_is_rung_on_the_softphone_then_the_others(desk, client, users):
    set_user(desk, users["collector"], call_via="browser")
    set_user(desk, users["other"], call_via="browser")
    assert route(desk, client) == [("assigned", [client_of(users["collector"])]),
                                   ("others", [client_of(users["other"])]),
                                   ("phones", [OTHER_PHONE]), VOICEMAIL]


def test_a_collector_calling_by_phone_is_rung_on_the_phone(desk, client, users):
    set_user(desk, users["collector"], call_via="phone")
    set_user(desk, users["other"], call_via="phone")
    assert route(desk, client) == [("assigned", [COLLECTOR_PHONE]), ("phones", [OTHER_PHONE]), VOICEMAIL]


def test_an_offline_browser_collector_is_rung_on_the_phone(desk, client, users):
    set_user(desk, users["collector"], online=False, call_via="browser")
    set_user(desk, users["other"], online=False, call_via="browser")
    assert route(desk, client) == [("assigned", [COLLECTOR_PHONE]), ("phones", [OTHER_PHONE]), VOICEMAIL]


def test_an_offline_browser_collector_without_a_phone_is_not_rung(desk, client, users):
    set_user(desk, users["collector"], online=False, call_via="browser", phone=None)
    set_user(desk, users["other"], call_via="browser")
    assert route(desk, client) == [("others", [client_of(users["other"])]), ("phones", [OTHER_PHONE]), VOICEMAIL]


@pytest.mark.parametrize("call_via", ["browser", "phone"])
def test_an_away_collector_is_never_rung(desk, client, users, call_via):
    set_user(desk, users["collector"], call_via=call_via, presence="away")
    set_user(desk, users["other"], call_via=call_via, presence="away")
    assert route(desk, client) == [VOICEMAIL]


@pytest.mark.parametrize("call_via", ["browser", "phone"])
def test_a_busy_collector_is_never_rung(desk, client, users, call_via):
    set_user(desk, users["collector"], call_via=call_via)
    set_user(desk, users["other"], call_via=call_via)
    on_a_call(desk, users["collector"])
    on_a_call(desk, users["other"])
    assert route(desk, client) == [VOICEMAIL]


@pytest.mark.parametrize("presence, online, busy, expected", [
    ("available", True, False, ["others", "phones"]),
    ("away", True, False, []),
    ("available", False, False, ["phones"]),  # offline: only the phone
    ("away", False, False, []),
    ("available", True, True, []),
])
def test_other_collectors_are_rung_by_their_presence(desk, client, users, presence, online, busy, expected):
    set_user(desk, users["collector"], call_via="phone", presence="away")  # the assigned stage is skipped
    set_user(desk, users["other"], online=online, call_via="browser", presence=presence)
    if busy:
        on_a_call(desk, users["other"])
    targets = {"others": [client_of(users["other"])], "phones": [OTHER_PHONE]}
    assert route(desk, client) == [(stage, targets[stage]) for stage in expected] + [VOICEMAIL]


def test_without_the_softphone_browser_collectors_are_rung_on_their_phones(desk, client, users):
    desk.config["TWILIO_API_KEY_SID"] = None
    set_user(desk, users["collector"], call_via="browser")
    set_user(desk, users["other"], call_via="browser")
    assert route(desk, client) == [("assigned", [COLLECTOR_PHONE]), ("phones", [OTHER_PHONE]), VOICEMAIL]


def test_a_dial_action_of_no_known_stage_takes_a_voicemail(desk, client, users):
    route(desk, client)
    with desk.app_context():
        call_id = db.session.execute(db.select(Call.id).where(Call.twilio_sid == SID)).scalar_one()
    for stage in ("", "?stage=nope"):
        answer = signed_post(desk, client, f"/webhooks/twilio/voice/dial-action/{call_id}{stage}",
                             {"CallSid": SID, "DialCallStatus": "no-answer"})
        assert rung(answer.data) == (VOICEMAIL, [])
