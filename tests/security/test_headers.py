"""Every response carries the security headers and a Content-Security-Policy that allows only the
desk's own scripts and styles; the session cookie is SameSite=Lax, HttpOnly, Secure under https."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
DIRECTIVES = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
              "object-src 'none'", "base-uri 'self'", "form-action 'self'"]


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path, status", [
    ("/login", 200),  # a page
    ("/static/desk.css", 200),  # a static file
    ("/api/v1/me", 401),  # the API, refused
    ("/api/v1/openapi.json", 200),
    ("/no-such-page", 404),  # an error page
])
def test_every_response_has_the_policy_and_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    directives = policy(response)
    for directive in DIRECTIVES:
        assert directives[directive.split()[0]] == directive, directive
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # PUBLIC_BASE_URL is not https


def test_the_softphone_may_reach_twilio(client):
    directives = policy(client.get("/login"))
    # signalling, and over https the SDK's insights events to eventgw.<home>.twilio.com (the home its
    # signalling names, e.g. us1) and its ring tones
    assert directives["connect-src"].split()[1:] == ["'self'", "wss://*.twilio.com", "https://*.twilio.com"]
    assert "https://sdk.twilio.com" in directives["media-src"]


def test_hsts_only_over_https(app_config):
    from desk import create_app

    app_config["PUBLIC_BASE_URL"] = "https://desk.example.com"
    response = create_app(app_config).test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_session_cookie_is_lax_and_http_only(auth):
    cookie = session_cookie(auth.login())
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert "Secure" not in cookie  # served over http: a Secure cookie would never come back


def test_session_cookie_is_secure_under_https(app_config, users):
    from desk import create_app
    from tests.helpers import PASSWORD

    app_config["PUBLIC_BASE_URL"] = "https://desk.example.com"
    client = create_app(app_config).test_client()
    response = client.post("/login", data={"email": "cole@test.local", "password": PASSWORD},
                           base_url="https://desk.example.com")
    cookie = session_cookie(response)
    assert "Secure" in cookie and "SameSite=Lax" in cookie and "HttpOnly" in cookie


def test_templates_have_no_style_attributes_or_blocks():
    """style-src 'self' without 'unsafe-inline': styles live in static/*.css."""
    templates = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "telephony").rglob("*.html")]
    found = [f"{p.relative_to(ROOT)}: {m}" for p in templates
             for m in re.findall(r"<style\b|\sstyle\s*=", p.read_text(), flags=re.I)]
    assert templates and found == []
