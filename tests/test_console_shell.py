"""The console shell's server side (docs/console-shell.md): htmx's settings in every logged-in
page, no boosting without a login, and a boosted refusal that leaves the address bar alone."""
import json
import re

BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}


def htmx_config(page: str) -> dict:
    return json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)[1])


def test_a_logged_in_page_carries_the_shell(client, auth, account, users):
    auth.login()
    page = client.get("/worklist").get_data(as_text=True)
    config = htmx_config(page)
    assert config["allowEval"] is False and config["includeIndicatorStyles"] is False
    assert config["historyCacheSize"] == 0 and config["refreshOnHistoryMiss"] is False
    assert {"code": "422", "swap": True, "error": False} in config["responseHandling"]
    assert f'<meta name="desk-shell" content="{users["collector"]}">' in page
    assert '<section id="softphone" class="softphone" aria-label="Softphone" hx-preserve="true">' in page
    assert ('<aside id="call-prompt" class="call-prompt" aria-label="Calls awaiting their outcome" '
            'aria-live="polite" hx-preserve="true" hidden>') in page
    assert re.search(r'<form method="post" action="/logout" class="logout" hx-boost="false">', page)


def test_the_login_page_is_not_boosted(client):
    page = client.get("/login").get_data(as_text=True)
    assert "hx-boost" not in page and "htmx" not in page and "desk-shell" not in page


def test_a_boosted_refusal_keeps_the_address_and_a_boosted_page_sets_none(client, auth, account):
    auth.login()
    refused = client.post(f"/accounts/{account}/activities", data={"type": "visit"}, headers=BOOSTED)
    assert refused.status_code == 422
    assert refused.headers["HX-Push-Url"] == "false"
    assert "data-open-on-load" in refused.get_data(as_text=True)
    assert "HX-Push-Url" not in client.get(f"/accounts/{account}", headers=BOOSTED).headers
    plain = client.post(f"/accounts/{account}/activities", data={"type": "visit"})
    assert "HX-Push-Url" not in plain.headers
