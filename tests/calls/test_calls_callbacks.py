"""Callbacks shuffled, duplicated, late or retried end in the same state as in order."""
import pytest

from desk.extensions import db
from models import CallLeg, WebhookEvent
from tests.helpers import MOBILE, give_prerecorded_consent, load_call, settle

FIELDS = ("status", "customer_status", "duration", "talk_seconds", "answered_by", "voicemail_dropped",
          "prompt_pending")


def run_call(app, api, account, sim, fault=None, **body):
    if fault:
        sim.fault(fault, times=None)
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", **body})
    assert answer.status_code == 201, answer.json
    settle(sim)
    sim.clear_faults()
    call = load_call(app, answer.json["id"])
    return {name: getattr(call, name) for name in FIELDS}, call


@pytest.mark.parametrize("fault", ["out_of_order", "duplicate", "late", "retry"])
@pytest.mark.parametrize("behaviour", ["answer", "busy", "voicemail"])
def test_same_final_state_whatever_the_delivery(app, api, account, sim, fault, behaviour):
    sim.script(MOBILE, call=behaviour, talk_seconds=30, ring_seconds=3)
    drop = {"voicemail_drop": "Please call us back."} if behaviour == "voicemail" else {}
    give_prerecorded_consent(app, account)
    expected, _ = run_call(app, api, account, sim, **drop)
    with app.app_context():  # the next attempt is a fresh call; let the gate allow it
        from desk import settings

        settings.change({"call_attempts_max": 50})
        db.session.commit()
    got, call = run_call(app, api, account, sim, fault, **drop)
    assert got == expected
    with app.app_context():
        legs = db.session.execute(db.select(CallLeg).where(CallLeg.call_id == call.id)).scalars().all()
        assert sorted(leg.role for leg in legs) == ["customer", "main"]
        assert all(leg.status in ("completed", "busy") for leg in legs)


def test_a_repeated_callback_is_kept_raw_and_changes_nothing(app, api, account, sim):
    sim.script(MOBILE, call="answer", talk_seconds=10)
    sim.fault("duplicate", times=None)
    before, call = run_call(app, api, account, sim)
    with app.app_context():
        events = db.session.execute(db.select(WebhookEvent).where(
            WebhookEvent.path == "/webhooks/twilio/voice/status")).scalars().all()
        tokens = [e.idempotency_token for e in events]
        assert len(tokens) > len(set(tokens)) and all(e.applied_at for e in events)


def test_a_late_final_event_does_not_prompt_again(app, api, account, sim, client):
    from webhooks.store import replay

    sim.script(MOBILE, call="answer", talk_seconds=10)
    _, call = run_call(app, api, account, sim)
    with app.app_context():
        from desk.collections.dispositions import list_dispositions

        spoke = next(d.id for d in list_dispositions() if d.name == "Spoke to Customer")
    assert api.post(f"/api/v1/accounts/{account}/activities",
                    json={"call_id": call.id, "disposition": spoke}).status_code == 201
    with app.app_context():
        last = db.session.execute(db.select(WebhookEvent.id).where(
            WebhookEvent.path == "/webhooks/twilio/voice/status").order_by(WebhookEvent.id.desc())).scalar()
        assert replay(last).status_code == 204
    assert load_call(app, call.id).prompt_pending is False
