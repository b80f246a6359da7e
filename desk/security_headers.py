"""What every response tells the browser, whatever produced it (pages, the API, static files,
error pages): a Content-Security-Policy allowing only the desk's own scripts and styles (and
what the Twilio softphone reaches), no framing, no sniffing, no referrer beyond the desk, and
HSTS when the desk is served over https. Also the session cookie's flags."""
from flask import Flask, Response

# The Voice SDK (static/vendor/twilio-voice.min.js) signals over wss://*.twilio.com, reports to
# https://eventgw.twilio.com and fetches its ring tones from https://sdk.twilio.com.
TWILIO_CONNECT = "wss://*.twilio.com https://*.twilio.com"  # signalling, eventgw.<home>.twilio.com, sdk
TWILIO_MEDIA = "https://sdk.twilio.com mediastream: blob:"



def policy(signalling_host: str | None = None) -> str:
    """The CSP; with the simulator's signalling host (TWILIO_VOICE_SIGNALLING_HOST) the SDK may
    also open wss://that host."""
    connect = f"'self' {TWILIO_CONNECT}" + (f" wss://{signalling_host}" if signalling_host else "")
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        f"connect-src {connect}",
        f"media-src 'self' {TWILIO_MEDIA}",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])



ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"


def served_over_https(app: Flask) -> bool:
    return (app.config["PUBLIC_BASE_URL"] or "").startswith("https://")


def init_app(app: Flask) -> None:
    https = served_over_https(app)
    app.config.update(SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SECURE=https,
                      REMEMBER_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SECURE=https)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # A view may set a stricter policy of its own (received media: nothing but the image).
        response.headers.setdefault("Content-Security-Policy", policy(app.config["TWILIO_VOICE_SIGNALLING_HOST"]))
        response.headers.update(ALWAYS)
        if https:
            response.headers["Strict-Transport-Security"] = HSTS
        return response
