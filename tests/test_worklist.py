"""My worklist: follow-ups due, broken promises and unread texts, most urgent first."""
from datetime import date, timedelta

from tests.helpers import signed_post


def post_account(api, number, **extra):
    body = {"number": number, "first_name": "T", "last_name": number, **extra}
    return api.post("/api/v1/accounts", json=body).json["id"]


def test_follow_ups_due_today_or_overdue_most_urgent_first(api, users):
    today = date.today()
    later = post_account(api, "W-1")
    older = post_account(api, "W-2")
    future = post_account(api, "W-3")
    for account_id, days in ((later, 0), (older, -3), (future, 2)):
        api.post(f"/api/v1/accounts/{account_id}/activities", json={
            "notes": "call back", "assigned_to": users["collector"],
            "follow_up_on": (today + timedelta(days=days)).isoformat()})
    items = api.get("/api/v1/worklist").json["items"]
    assert [i["account"]["number"] for i in items] == ["W-2", "W-1"]
    assert items[0]["reasons"][0]["kind"] == "follow_up"


def test_follow_up_for_someone_else_is_not_mine(api, client, users):
    account_id = post_account(api, "W-9")
    api.post(f"/api/v1/accounts/{account_id}/activities", json={
        "notes": "for Olive", "assigned_to": users["other"], "follow_up_on": date.today().isoformat()})
    assert api.get("/api/v1/worklist").json["items"] == []


def test_working_the_account_clears_the_follow_up(api, auth, client, users):
    account_id = post_account(api, "W-5")
    api.post(f"/api/v1/accounts/{account_id}/activities", json={
        "notes": "call back", "assigned_to": users["collector"], "follow_up_on": date.today().isoformat()})
    auth.login()
    assert "W-5" in client.get("/worklist").data.decode()
    api.post(f"/api/v1/accounts/{account_id}/activities", json={"disposition": "No Answer"})
    assert api.get("/api/v1/worklist").json["items"] == []


def test_worklist_pages_in_urgency_order(admin_api, api, users):
    today = date.today()
    for i in range(5):
        account_id = post_account(admin_api, f"P-{i}", days_past_due=i)
        api.post(f"/api/v1/accounts/{account_id}/activities", json={
            "notes": "call back", "assigned_to": users["collector"],
            "follow_up_on": (today - timedelta(days=i // 2)).isoformat()})
    seen, cursor = [], None
    while True:
        page = api.get("/api/v1/worklist", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})}).json
        seen += [item["account"]["number"] for item in page["items"]]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == ["P-4", "P-3", "P-2", "P-1", "P-0"]  # oldest follow-up first, then most days past due


def test_a_customers_unread_text_puts_the_account_on_its_collectors_worklist(app, api, admin_api, auth, client,
                                                                            users):
    mine = post_account(admin_api, "W-7", phones=[{"number": "+12145550177", "label": "mobile"}],
                        assigned_to=users["collector"])
    post_account(admin_api, "W-8", phones=[{"number": "+12145550178", "label": "mobile"}],
                 assigned_to=users["other"])
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    for n, sender in enumerate(("+12145550177", "+12145550177", "+12145550178")):
        assert signed_post(app, app.test_client(), "/webhooks/twilio/sms",
                           {"MessageSid": f"SM{n:032d}", "From": sender, "Body": "I can pay"}).status_code == 200
    items = api.get("/api/v1/worklist").json["items"]
    assert [i["account"]["id"] for i in items] == [mine]
    assert items[0]["reasons"][0]["kind"] == "unread_texts" and items[0]["reasons"][0]["count"] == 2
    auth.login()
    assert "2 unread texts since" in client.get("/worklist").data.decode()
    client.get(f"/accounts/{mine}")  # reading the thread takes it off the worklist
    assert api.get("/api/v1/worklist").json["items"] == []
