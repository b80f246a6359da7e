"""The account lists: their columns, every sort order paged by cursor, search by a phone's last
digits and "Last, First", and the phone and time formats with the collector's own time zone."""
from datetime import UTC, date, datetime

import pytest

from desk.accounts.sorting import SORTS
from desk.formatting import clock, phone

PEOPLE = [  # number, first, last, phone, balance, amount due, days past due, state
    ("L-1", "Kei", "Lopez", "+17025551022", "900.00", "120.00", 12, "NV"),
    ("L-2", "Ann", "Baker", "+12125550199", "4500.00", "300.00", 40, "NY"),
    ("L-3", "Bo", "Chen", "+13125550123", "150.00", "75.50", 3, "IL"),
    ("L-4", "Dee", "Diaz", "+13035550111", "2500.00", "0.00", 0, "CO"),
]


@pytest.fixture
def people(admin_api, users):
    ids = {}
    for number, first, last, tel, balance, due, late, state in PEOPLE:
        answer = admin_api.post("/api/v1/accounts", json={
            "number": number, "first_name": first, "last_name": last, "phones": [{"number": tel}],
            "balance": balance, "amount_due": due, "days_past_due": late, "assigned_to": users["collector"],
            "address": {"state": state}})
        assert answer.status_code == 201, answer.json
        ids[number] = answer.json["id"]
    for number, disposition in (("L-2", "No Answer"), ("L-1", "Promise to Pay"), ("L-3", None)):
        body = {"type": "call", "disposition": disposition} if disposition else {"type": "email", "notes": "sent"}
        assert admin_api.post(f"/api/v1/accounts/{ids[number]}/activities", json=body).status_code == 201
    return ids


def all_pages(api, path: str, limit: int = 1) -> list[str]:
    """Every account number of a list read one small page at a time through its cursors."""
    numbers, cursor = [], None
    while True:
        query = f"&cursor={cursor}" if cursor else ""
        answer = api.get(f"{path}&limit={limit}{query}")
        assert answer.status_code == 200, answer.json
        numbers += [item.get("number") or item["account"]["number"] for item in answer.json["items"]]
        cursor = answer.json["next"]
        if not cursor:
            return numbers


EXPECTED = {
    "name": ["L-2", "L-3", "L-4", "L-1"],
    "phone": ["L-2", "L-4", "L-3", "L-1"],
    "balance": ["L-3", "L-1", "L-4", "L-2"],
    "amount_due": ["L-4", "L-3", "L-1", "L-2"],
    "days_past_due": ["L-4", "L-3", "L-1", "L-2"],
}


@pytest.mark.parametrize("sort", sorted(EXPECTED))
def test_each_sort_pages_through_every_account_in_order(admin_api, people, sort):
    assert all_pages(admin_api, f"/api/v1/accounts?sort={sort}") == EXPECTED[sort]
    assert all_pages(admin_api, f"/api/v1/accounts?sort=-{sort}", limit=3) == EXPECTED[sort][::-1]


def test_last_contact_sort_puts_the_never_contacted_first(admin_api, people):
    order = all_pages(admin_api, "/api/v1/accounts?sort=last_contact")
    assert order[0] == "L-4" and set(order[1:]) == {"L-1", "L-2", "L-3"}
    assert all_pages(admin_api, "/api/v1/accounts?sort=-last_contact", limit=2) == order[::-1]


def test_local_time_sort_runs_from_the_west(admin_api, people):
    order = all_pages(admin_api, "/api/v1/accounts?sort=local_time")
    assert order.index("L-1") < order.index("L-4") < order.index("L-3") < order.index("L-2")


def test_the_worklist_takes_the_same_sort(api, people, users):
    for number in ("L-1", "L-2", "L-3"):
        api.post(f"/api/v1/accounts/{people[number]}/activities", json={
            "notes": "call back", "assigned_to": users["collector"], "follow_up_on": date.today().isoformat()})
    assert all_pages(api, "/api/v1/worklist?sort=-balance") == ["L-2", "L-1", "L-3"]
    assert all_pages(api, "/api/v1/worklist?sort=phone", limit=2) == ["L-2", "L-3", "L-1"]


@pytest.mark.parametrize("path", ["/api/v1/accounts", "/api/v1/worklist"])
def test_an_unknown_sort_is_a_422_naming_sort(api, users, path):
    answer = api.get(f"{path}?sort=password_hash")
    assert answer.status_code == 422
    assert "sort" in str(answer.json)


def test_a_cursor_of_another_sort_is_refused(admin_api, people):
    cursor = admin_api.get("/api/v1/accounts?sort=balance&limit=1").json["next"]
    assert admin_api.get(f"/api/v1/accounts?sort=last_contact&cursor={cursor}").status_code == 400


@pytest.mark.parametrize("typed", ["1022", "555-1022", "(702) 555-1022", "5551022"])
def test_search_finds_a_phone_by_its_last_digits(admin_api, people, typed):
    found = admin_api.get("/api/v1/accounts", query_string={"q": typed}).json["items"]
    assert [a["number"] for a in found] == ["L-1"]


def test_three_digits_are_not_a_phone_search(admin_api, people):
    assert admin_api.get("/api/v1/accounts?q=022").json["items"] == []


@pytest.mark.parametrize("typed", ["Lopez, Kei", "lopez,kei", "Lopez, K", "Kei Lopez"])
def test_search_finds_last_comma_first(admin_api, people, typed):
    found = admin_api.get("/api/v1/accounts", query_string={"q": typed}).json["items"]
    assert [a["number"] for a in found] == ["L-1"]


def test_the_accounts_page_shows_the_columns_and_sort_links(client, auth, people):
    auth.login()
    html = client.get("/accounts?sort=-balance").data.decode()
    for header in ("Phone", "Balance", "Amount due", "Days past due", "Local time", "Last contact"):
        assert f">{header}" in html
    assert 'aria-sort="descending"' in html and "sort=balance" in html
    assert "(702) 555-1022" in html and "$4,500.00" in html and "Promise to Pay" in html
    assert html.index("L-2") < html.index("L-4") < html.index("L-1") < html.index("L-3")
    refused = client.get("/accounts?sort=nonsense", follow_redirects=True).data.decode()
    assert "Unknown sort" in refused


def test_the_worklist_page_shows_the_columns(client, auth, api, people, users):
    api.post(f"/api/v1/accounts/{people['L-1']}/activities", json={
        "notes": "call back", "assigned_to": users["collector"], "follow_up_on": date.today().isoformat()})
    auth.login()
    html = client.get("/worklist?sort=last_contact").data.decode()
    assert "(702) 555-1022" in html and "Promise to Pay" in html and 'aria-sort="ascending"' in html


def test_phone_format():
    assert phone("+17025551022") == "(702) 555-1022"
    assert phone("+442079460000") == "+442079460000"
    assert phone("") == "" and phone("not a number") == "not a number"


def test_clock_shows_the_time_in_a_zone():
    noon_utc = datetime(2026, 1, 15, 17, 0, tzinfo=UTC)
    assert clock("America/Los_Angeles", noon_utc) == "9:00 AM PST"
    assert clock("America/New_York", noon_utc) == "12:00 PM EST"


def test_my_time_zone_through_the_api_and_the_pages(api, client, auth, people, app):
    assert api.get("/api/v1/me").json["time_zone"] == app.config["DEALER_TIME_ZONE"]
    refused = api.patch("/api/v1/me", json={"time_zone": "Mars/Olympus"})
    assert refused.status_code == 422 and "time_zone" in refused.json["error"]["fields"]
    assert api.patch("/api/v1/me", json={"time_zone": "America/Los_Angeles"}).json["time_zone"] == \
        "America/Los_Angeles"
    auth.login()
    assert "America/Los_Angeles" in client.get("/password").data.decode()
    page = client.get(f"/accounts/{people['L-1']}").data.decode()
    assert "PST" in page or "PDT" in page
    refused = client.post("/me/time-zone", data={"time_zone": "Nowhere"})
    assert refused.status_code == 422
    assert 'value="Nowhere"' in refused.get_data(as_text=True)  # kept as typed, the reason beside it
    assert 'id="my-time-zone-time_zone-error"' in refused.get_data(as_text=True)
    client.post("/me/time-zone", data={"time_zone": "America/Chicago"})
    assert api.get("/api/v1/me").json["time_zone"] == "America/Chicago"


def test_the_console_shows_times_in_my_zone(api, client, auth, people):
    api.patch("/api/v1/me", json={"time_zone": "Asia/Tokyo"})
    auth.login()
    assert "JST" in client.get(f"/accounts/{people['L-2']}").data.decode()


def test_every_sort_is_tested():
    assert set(SORTS) == set(EXPECTED) | {"last_contact", "local_time"}




def _row(html: str, number: str) -> str:
    """The table row of an account number in a list page."""
    start = html.index(f">{number}</a>")
    return html[html.rindex("<tr", 0, start):html.index("</tr>", start)]


def _phone_only(admin_api, users, number: str) -> int:
    answer = admin_api.post("/api/v1/accounts", json={
        "number": number, "first_name": "Pat", "last_name": "Phone", "phones": [{"number": "+12145550177"}],
        "address": {"state": "TX", "zip": "75201"}, "assigned_to": users["collector"]})
    assert answer.status_code == 201, answer.json
    assert admin_api.post(f"/api/v1/accounts/{answer.json['id']}/activities", json={
        "type": "note", "notes": "call back", "assigned_to": users["collector"],
        "follow_up_on": date.today().isoformat()}).status_code == 201
    return answer.json["id"]


def test_lists_mark_accounts_that_may_be_contacted_now_and_how(app, client, auth, admin_api, users, account,
                                                                open_hours):
    from desk.compliance.sms_consent import record_sms_consent
    from desk.extensions import db

    _phone_only(admin_api, users, "P-1")
    auth.login()
    row = _row(client.get("/accounts").get_data(as_text=True), "A-1001")
    assert 'data-channels="email sms"' in row and "Contact now: email, text" in row
    assert "Contact now: text" in _row(client.get("/worklist").get_data(as_text=True), "P-1")

    with app.app_context():  # the phone-only customer texts STOP: only a call is left
        record_sms_consent("+12145550177", "opt_out", "SMS keyword STOP", "STOP")
        db.session.commit()
    for page in ("/accounts", "/worklist"):
        assert "Contact now: call<" in _row(client.get(page).get_data(as_text=True), "P-1")


def test_outside_contact_hours_the_lists_mark_only_what_email_reaches(app, client, auth, admin_api, users, account):
    from desk import settings
    from desk.extensions import db
    from tests.helpers import closed_contact_hours

    _phone_only(admin_api, users, "P-2")
    with app.app_context():
        settings.change(closed_contact_hours())
        db.session.commit()
    auth.login()
    html = client.get("/accounts").get_data(as_text=True)
    assert "Contact now: email<" in _row(html, "A-1001")
    assert "Contact now" not in _row(html, "P-2")
    assert "Contact now" not in _row(client.get("/worklist").get_data(as_text=True), "P-2")
