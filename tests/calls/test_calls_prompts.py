"""The disposition prompt: raised when a call ends, kept as server state until recorded."""
from desk.extensions import db
from models import Activity
from tests.helpers import MOBILE, ApiClient, load_call, settle, token_for


def finished_call(api, account, sim, behaviour="answer"):
    sim.script(MOBILE, call=behaviour, talk_seconds=20)
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone"})
    assert answer.status_code == 201
    settle(sim)
    return answer.json["id"]


def dispositions(api) -> dict:
    return {d["name"]: d["id"] for d in api.get("/api/v1/dispositions").json["items"]}


def test_prompt_lives_until_the_disposition_is_recorded(app, api, account, sim, users):
    assert api.get("/api/v1/prompts").json == {"items": [], "next": None}
    call_id = finished_call(api, account, sim)
    prompt = api.get("/api/v1/prompts").json["items"][0]
    assert prompt["call_id"] == call_id and prompt["account_id"] == account and prompt["to"] == MOBILE
    assert prompt["status"] == "completed" and prompt["duration"] == 20 and prompt["ended_at"]
    assert prompt["suggested_disposition"] == "Spoke to Customer"
    assert prompt["suggested_disposition_id"] == dispositions(api)["Spoke to Customer"]

    other_device = ApiClient(app.test_client(), token_for(app, users["collector"]))
    assert other_device.get("/api/v1/prompts").json["items"][0]["call_id"] == call_id
    someone_else = ApiClient(app.test_client(), token_for(app, users["other"]))
    assert someone_else.get("/api/v1/prompts").json["items"] == []

    recorded = api.post(f"/api/v1/accounts/{account}/activities", json={
        "call_id": call_id, "disposition": dispositions(api)["Promise to Pay"], "notes": "Pays Friday"})
    assert recorded.status_code == 201 and recorded.json["type"] == "call" and recorded.json["call_id"] == call_id
    assert api.get("/api/v1/prompts").json["items"] == []
    assert other_device.get("/api/v1/prompts").json["items"] == []
    assert load_call(app, call_id).prompt_pending is False


def test_prompt_survives_logout_and_is_cleared_by_the_console_form(app, client, auth, api, account, sim):
    call_id = finished_call(api, account, sim, behaviour="busy")
    auth.login()
    assert client.get("/api/v1/prompts").json["items"][0]["suggested_disposition"] == "No Answer"
    auth.logout()
    assert client.get("/api/v1/prompts").status_code == 401
    auth.login()
    assert client.get("/api/v1/prompts").json["items"][0]["call_id"] == call_id
    page = client.get(f"/accounts/{account}?record_call={call_id}")
    assert b'id="call-prompt"' in page.data
    answer = client.post(f"/accounts/{account}/activities", data={
        "call_id": str(call_id), "disposition": str(dispositions(api)["No Answer"]), "notes": ""})
    assert answer.status_code == 302
    assert client.get("/api/v1/prompts").json["items"] == []
    with app.app_context():
        activity = db.session.execute(db.select(Activity).where(Activity.call_id == call_id)).scalar_one()
        assert activity.type == "call" and activity.disposition.name == "No Answer"


def test_a_call_on_another_account_cannot_be_linked(app, api, account, sim):
    call_id = finished_call(api, account, sim)
    other = api.post("/api/v1/accounts", json={"number": "A-2", "first_name": "Al", "last_name": "Bo"}).json["id"]
    answer = api.post(f"/api/v1/accounts/{other}/activities", json={"call_id": call_id, "notes": "x"})
    assert answer.status_code == 422
    assert api.get("/api/v1/prompts").json["items"][0]["call_id"] == call_id
