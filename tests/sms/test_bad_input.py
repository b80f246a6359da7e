"""Bad input to the SMS endpoints is a 4xx, never a 500."""
import pytest

from tests.helpers import signed_post


@pytest.mark.parametrize("method, path, payload, status", [
    ("get", "/api/v1/accounts/{a}/messages?limit=abc", None, 422),
    ("get", "/api/v1/accounts/{a}/messages?limit=0", None, 422),
    ("get", "/api/v1/accounts/{a}/messages?cursor=%%%", None, 400),
    ("get", "/api/v1/accounts/999999/messages", None, 404),
    ("get", "/api/v1/conversations?unmatched=maybe", None, 422),
    ("get", "/api/v1/conversations?cursor=bm90LWEtbGlzdA", None, 400),
    ("post", "/api/v1/conversations/1/link", [1, 2], 404),
    ("post", "/api/v1/accounts/{a}/messages/preview", {"template_id": "x"}, 422),
    ("post", "/api/v1/accounts/{a}/messages/preview", {"template_id": 12345}, 422),
    ("post", "/api/v1/accounts/{a}/attachments", None, 422),
    ("post", "/api/v1/messages/999999/retry", None, 404),
    ("post", "/api/v1/messages/999999/dismiss-stop", None, 404),
])
def test_api_bad_input(api, account, method, path, payload, status):
    kwargs = {"json": payload} if payload is not None else {}
    answer = getattr(api, method)(path.format(a=account), **kwargs)
    assert answer.status_code == status, answer.json
    assert "error" in answer.json


@pytest.mark.parametrize("path", ["/media/abc", "/media/1.abc.def", "/sms/media/999999"])
def test_media_bad_tokens(auth, client, path):
    auth.login()
    assert client.get(path).status_code == 404


def test_console_forms_bad_input(auth, client, account):
    """Console refusals are flashed on the page they came from (a redirect), not errors."""
    auth.login()
    for path, data in (("/sms/conversations/999999/link", {"account_id": "A-1001"}),
                       ("/sms/conversations/1/link", {}),
                       (f"/accounts/{account}/sms/999999/confirm-stop", {}),
                       (f"/accounts/{account}/sms/999999/retry", {})):
        assert client.post(path, data=data).status_code == 302
    assert client.get("/accounts/999999/sms/thread").status_code == 302
    assert client.post("/sms/media/999999/retry").status_code == 404


@pytest.mark.parametrize("form", [
    {"MessageSid": "SM" + "9" * 32, "From": "+12145550101", "NumMedia": "abc", "Body": "x"},
    {"MessageSid": "SM" + "8" * 32, "From": "not-a-number", "NumMedia": "99", "MediaUrl0": "https://evil.example/x"},
    {"From": "+12145550101", "Body": "no sid"},
    {},
])
def test_inbound_webhook_odd_forms(app, client, account, form):
    app.config.update(TWILIO_AUTH_TOKEN="token", PUBLIC_BASE_URL="http://desk.example")
    inbound = signed_post(app, client, "/webhooks/twilio/sms", form)
    assert inbound.status_code == (200 if form.get("MessageSid") else 400)
    assert signed_post(app, client, "/webhooks/twilio/sms/status", form).status_code < 500
