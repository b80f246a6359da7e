"""Configuration read from the environment (see README.md for the contract)."""
import os
import secrets
from pathlib import Path


def _secret_key(instance_path: str) -> str:
    """Use SECRET_KEY, else a random key kept under instance/ so sessions survive restarts."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def from_environment(instance_path: str) -> dict:
    """Build the config mapping from environment variables with documented defaults."""
    env = os.environ.get
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": env("DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'desk.sqlite3'}",
        "REDIS_URL": env("REDIS_URL"),
        "PUBLIC_BASE_URL": (env("PUBLIC_BASE_URL") or "").rstrip("/") or None,
        "TWILIO_ACCOUNT_SID": env("TWILIO_ACCOUNT_SID"),
        "TWILIO_AUTH_TOKEN": env("TWILIO_AUTH_TOKEN"),
        "TWILIO_AUTH_TOKEN_PREVIOUS": env("TWILIO_AUTH_TOKEN_PREVIOUS"),
        "TWILIO_FROM_NUMBER": env("TWILIO_FROM_NUMBER"),
        "TWILIO_MESSAGING_SERVICE_SID": env("TWILIO_MESSAGING_SERVICE_SID"),
        "TWILIO_API_BASE_URL": env("TWILIO_API_BASE_URL"),
        "TWILIO_API_KEY_SID": env("TWILIO_API_KEY_SID"),
        "TWILIO_API_KEY_SECRET": env("TWILIO_API_KEY_SECRET"),
        "TWILIO_TWIML_APP_SID": env("TWILIO_TWIML_APP_SID"),
        "SMTP_URL": env("SMTP_URL"),
        "MAIL_FROM": env("MAIL_FROM") or "collections@desk.local",
        "OUTBOX_DIR": str(Path(instance_path) / "outbox"),
        "UPLOAD_DIR": str(Path(instance_path) / "uploads"),
        "JOBS_INLINE": env("JOBS_INLINE", "thread"),
        "LIVE_MAX_STREAMS": int(env("LIVE_MAX_STREAMS") or 16),
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "SQLALCHEMY_ENGINE_OPTIONS": {},  # connections idle for a while are pinged: desk.idle_ping
        "WTF_CSRF_TIME_LIMIT": None,
    }
