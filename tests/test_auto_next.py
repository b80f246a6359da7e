"""A collector's choice to open the queue's next account once a call's outcome is saved."""


def test_auto_next_through_the_api(api):
    assert api.get("/api/v1/me").json["auto_next"] is False
    assert api.patch("/api/v1/me", json={"auto_next": True}).json["auto_next"] is True
    me = api.get("/api/v1/me").json
    assert me["auto_next"] is True and me["time_zone"]
    refused = api.patch("/api/v1/me", json={"auto_next": "sometimes"})
    assert refused.status_code == 422 and "auto_next" in refused.json["error"]["fields"]
    nothing = api.patch("/api/v1/me", json={})
    assert nothing.status_code == 422 and "time_zone" in nothing.json["error"]["fields"]
    assert api.get("/api/v1/me").json["auto_next"] is True


def test_auto_next_from_the_settings_page(api, client, auth):
    auth.login()
    page = client.get("/password").get_data(as_text=True)
    ticked = 'name="auto_next" value="1" checked'  # the page has other checked inputs (calling method)
    assert 'id="my-auto-next"' in page and 'name="auto_next"' in page and ticked not in page
    assert client.post("/me/auto-next", data={"auto_next": "1"}).status_code == 302
    assert api.get("/api/v1/me").json["auto_next"] is True
    assert ticked in client.get("/password").get_data(as_text=True)
    client.post("/me/auto-next", data={})
    assert api.get("/api/v1/me").json["auto_next"] is False


def _queue_bar(page: str) -> bool:
    return 'aria-label="Work queue"' in page


def test_saving_add_activity_on_a_queue_account_keeps_the_queue(client, auth, account):
    auth.login()
    page = client.get(f"/accounts/{account}?queue=1").get_data(as_text=True)
    window = page[page.index('id="add-activity"'):page.index("</dialog>", page.index('id="add-activity"'))]
    assert '<input type="hidden" name="queue" value="1">' in window
    saved = client.post(f"/accounts/{account}/activities", data={"type": "note", "notes": "Spoke", "queue": "1"})
    assert saved.status_code == 302
    assert saved.location.endswith(f"/accounts/{account}?queue=1&worked=1")
    assert _queue_bar(client.get(saved.location).get_data(as_text=True))


def test_a_refused_add_activity_on_a_queue_account_keeps_the_queue_bar(client, auth, account):
    auth.login()
    refused = client.post(f"/accounts/{account}/activities", data={"type": "fax", "queue": "1"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert _queue_bar(page) and '<input type="hidden" name="queue" value="1">' in page


def test_saving_add_activity_outside_the_queue_stays_outside(client, auth, account):
    auth.login()
    page = client.get(f"/accounts/{account}").get_data(as_text=True)
    assert 'name="queue"' not in page and not _queue_bar(page)
    saved = client.post(f"/accounts/{account}/activities", data={"type": "note", "notes": "Spoke"})
    assert saved.location.endswith(f"/accounts/{account}")


def test_the_queue_bar_says_whether_the_next_account_opens_at_once(api, client, auth, account):
    auth.login()
    bar = f'class="queue-bar" aria-label="Work queue" data-account="{account}" data-auto-next='
    assert bar + '"0"' in client.get(f"/accounts/{account}?queue=1").get_data(as_text=True)
    api.patch("/api/v1/me", json={"auto_next": True})
    assert bar + '"1"' in client.get(f"/accounts/{account}?queue=1").get_data(as_text=True)


def test_promise_to_pay_from_a_queue_account_comes_back_to_the_queue(api, client, auth, account):
    from datetime import date, timedelta

    auth.login()
    promise_to_pay = next(d["id"] for d in api.get("/api/v1/dispositions").json["items"]
                          if d["name"] == "Promise to Pay")
    saved = client.post(f"/accounts/{account}/activities", data={
        "type": "call", "disposition": str(promise_to_pay), "notes": "Pays Friday", "queue": "1"})
    assert "promise_for=" in saved.location and "queue=1" in saved.location
    page = client.get(saved.location).get_data(as_text=True)
    window = page[page.index('<dialog id="add-promise"'):]
    window = window[:window.index("</dialog>")]
    assert f'data-done-url="/accounts/{account}?queue=1&amp;worked=1"' in window
    assert '<input type="hidden" name="queue" value="1">' in window and _queue_bar(page)
    due = (date.today() + timedelta(days=3)).isoformat()
    made = client.post(f"/accounts/{account}/promises", data={"amount": "100.00", "due_on": due, "queue": "1"})
    assert made.status_code == 302 and made.location.endswith(f"/accounts/{account}?queue=1&worked=1")
    elsewhere = client.post(f"/accounts/{account}/promises", data={"amount": "10.00", "due_on": due})
    assert elsewhere.location.endswith(f"/accounts/{account}?tab=promises")
