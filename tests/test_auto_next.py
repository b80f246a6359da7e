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
