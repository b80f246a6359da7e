"""A disposition prompt dismissed with a reason, and several prompts listed with their accounts."""
from desk.extensions import db
from models import Activity
from tests.helpers import MOBILE, ApiClient, load_call, more_accounts, settle, token_for


def finished_call(api, account, sim, number=MOBILE, behaviour="answer"):
    sim.script(number, call=behaviour, talk_seconds=20)
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", "to": number})
    assert answer.status_code == 201, answer.json
    settle(sim)
    return answer.json["id"]


def prompt_ids(api) -> list[int]:
    return [p["call_id"] for p in api.get("/api/v1/prompts").json["items"]]


def test_a_prompt_dismissed_with_a_reason_is_gone_and_on_the_timeline(app, api, account, sim, users):
    call_id = finished_call(api, account, sim)
    assert prompt_ids(api) == [call_id]

    answer = api.post(f"/api/v1/prompts/{call_id}/dismiss", json={"reason": "Wrong number dialled"})
    assert answer.status_code == 200, answer.json
    assert answer.json["reason"] == "Wrong number dialled" and answer.json["dismissed_by_id"] == users["collector"]
    assert answer.json["dismissed_at"]
    assert prompt_ids(api) == []

    call = load_call(app, call_id)
    assert call.prompt_pending is False and call.prompt_dismiss_reason == "Wrong number dialled"
    assert call.prompt_dismissed_by_id == users["collector"] and call.prompt_dismissed_at is not None
    timeline = api.get(f"/api/v1/accounts/{account}/activities?type=call").json["items"]
    dismissal = [a for a in timeline if a["call_id"] == call_id]
    assert len(dismissal) == 1 and "Wrong number dialled" in dismissal[0]["notes"]
    assert "Cole Collector" in dismissal[0]["notes"] and dismissal[0]["disposition"] is None

    again = api.post(f"/api/v1/prompts/{call_id}/dismiss", json={"reason": "Twice"})
    assert again.status_code == 404


def test_an_empty_reason_is_refused_naming_the_field(app, api, account, sim):
    call_id = finished_call(api, account, sim)
    for body in ({"reason": ""}, {"reason": "   "}, {}):
        answer = api.post(f"/api/v1/prompts/{call_id}/dismiss", json=body)
        assert answer.status_code == 422, body
        assert "reason" in answer.json["error"]["fields"]
    assert prompt_ids(api) == [call_id]
    assert load_call(app, call_id).prompt_dismissed_at is None
    with app.app_context():
        assert db.session.execute(db.select(Activity).where(Activity.call_id == call_id)).first() is None


def test_another_users_prompt_is_not_found(app, api, account, sim, users):
    call_id = finished_call(api, account, sim)
    someone_else = ApiClient(app.test_client(), token_for(app, users["other"]))
    answer = someone_else.post(f"/api/v1/prompts/{call_id}/dismiss", json={"reason": "Not mine"})
    assert answer.status_code == 404
    assert someone_else.post("/api/v1/prompts/999999/dismiss", json={"reason": "x"}).status_code == 404
    assert prompt_ids(api) == [call_id]


def test_several_prompts_are_listed_with_their_accounts(app, api, account, sim):
    other = more_accounts(app, 1)[0]
    first = finished_call(api, account, sim)
    second = finished_call(api, other, sim, number="+12145550001", behaviour="no-answer")
    items = api.get("/api/v1/prompts").json["items"]
    assert [p["call_id"] for p in items] == [first, second]
    assert [(p["account_number"], p["customer"]) for p in items] == [("A-1001", "Maria Garcia"),
                                                                      ("B-1", "Customer1 Lopez")]
    assert all(p["ended_at"] for p in items)
    assert items[1]["suggested_disposition"] == "No Answer"

    api.post(f"/api/v1/prompts/{first}/dismiss", json={"reason": "Test call"})
    assert prompt_ids(api) == [second]
