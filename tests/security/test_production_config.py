"""DESK_ENV=production refuses to start without what production needs; absolute URLs come from
PUBLIC_BASE_URL, never from a request's Host header; the instance folder is owner-only."""
import io
import os
import runpy
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desk import create_app
from desk.config import SETTINGS, ConfigError
from desk.extensions import db
from tests.helpers import MOBILE, PNG, settle

ROOT = Path(__file__).resolve().parent.parent.parent
EVIL = "evil.example"


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for setting in SETTINGS:
        if setting.env:
            monkeypatch.delenv(setting.env, raising=False)
    monkeypatch.setenv("DESK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    return monkeypatch


def test_production_refuses_to_start_without_a_secret_key(clean_env, tmp_path):
    clean_env.setenv("DESK_ENV", "production")
    with pytest.raises(ConfigError) as caught:
        create_app()
    assert caught.value.problems[0].startswith("SECRET_KEY: must be set when DESK_ENV=production")
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_production_with_twilio_needs_public_base_url(clean_env):
    clean_env.setenv("DESK_ENV", "production")
    clean_env.setenv("SECRET_KEY", "k" * 40)
    clean_env.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    clean_env.setenv("TWILIO_AUTH_TOKEN", "t" * 32)
    with pytest.raises(ConfigError) as caught:
        create_app()
    assert [p.split(":")[0] for p in caught.value.problems] == ["PUBLIC_BASE_URL"]
    clean_env.setenv("PUBLIC_BASE_URL", "https://desk.example.com")
    assert create_app().config["DESK_ENV"] == "production"


def test_development_is_the_default_and_keeps_a_key_of_its_own(clean_env, tmp_path):
    app = create_app()
    assert app.config["DESK_ENV"] == "development"
    assert app.config["SECRET_KEY"] == (tmp_path / "instance" / "secret_key").read_text().strip()


def test_a_bad_desk_env_is_named(clean_env):
    clean_env.setenv("DESK_ENV", "prod")
    with pytest.raises(ConfigError, match="DESK_ENV='prod': expected `development` or `production`"):
        create_app()


def test_desk_command_in_production_without_secret_key(tmp_path):
    env = {"PATH": os.environ.get("PATH", ""), "DESK_INSTANCE_PATH": str(tmp_path), "DESK_ENV": "production",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}"}
    out = subprocess.run([sys.executable, "-m", "desk", "init-db"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "SECRET_KEY: must be set when DESK_ENV=production" in out.stderr


def test_gunicorn_runs_the_desk_in_production_unless_told_otherwise(clean_env):
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["raw_env"] == ["DESK_ENV=production"]
    clean_env.setenv("DESK_ENV", "development")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["raw_env"] == []


# ---- absolute URLs ---------------------------------------------------------------------------

def test_email_optout_link_ignores_a_forged_host(app, api, account):
    from models import Email

    app.config["PUBLIC_BASE_URL"] = "https://desk.example.com"
    answer = api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "Text"},
                      headers={"Host": EVIL})
    assert answer.status_code == 202, answer.json
    with app.app_context():
        email = db.session.execute(db.select(Email)).scalar_one()
        assert email.unsubscribe_url.startswith("https://desk.example.com/optout/email/")
        assert EVIL not in email.text_body + (email.html_body or "")


def test_call_callbacks_ignore_a_forged_host(app, api, account, sim, live_server):
    answer = api.post(f"/api/v1/accounts/{account}/calls", json={"via": "phone", "to": MOBILE},
                      headers={"Host": EVIL})
    assert answer.status_code == 201, answer.json
    settle(sim)
    created = [c for c in sim.world.calls.values() if c.params.get("Url")]
    urls = [u for c in created for u in (c.params["Url"], c.params["StatusCallback"])]
    assert urls
    assert all(u.startswith(live_server + "/webhooks/twilio/") for u in urls), urls


# ---- owner-only files ------------------------------------------------------------------------

@pytest.fixture
def open_umask():
    """The most permissive umask: modes must not depend on it."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_instance_folder_key_and_database_are_owner_only(clean_env, tmp_path, open_umask):
    clean_env.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'instance' / 'desk.sqlite3'}")
    app = create_app()
    instance = tmp_path / "instance"
    assert app.instance_path == str(instance)
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600
    assert mode(instance / "desk.sqlite3") == 0o600
    with app.app_context():
        db.session.execute(db.text("CREATE TABLE t (x INTEGER)"))
        db.session.commit()
        db.engine.dispose()
    assert mode(instance / "desk.sqlite3") == 0o600


def test_uploads_imports_and_unsent_mail_are_owner_only(app, api, admin_api, account, open_umask):
    uploads, outbox = Path(app.config["UPLOAD_DIR"]), Path(app.config["OUTBOX_DIR"])
    answer = api.post(f"/api/v1/accounts/{account}/attachments",
                      data={"file": (io.BytesIO(PNG), "car.png", "image/png")}, content_type="multipart/form-data")
    assert answer.status_code == 201, answer.json
    assert api.post(f"/api/v1/accounts/{account}/emails", json={"subject": "Hi", "body": "Text"}).status_code == 202
    csv = b"Account #,First Name,Last Name\nP-1,Ann,Lee\n"
    imported = admin_api.post("/api/v1/imports/accounts", data={"file": (io.BytesIO(csv), "export.csv")},
                              content_type="multipart/form-data")
    assert imported.status_code == 202, imported.json
    files = [p for p in uploads.rglob("*") if p.is_file()] + list(outbox.glob("*.eml"))
    folders = [uploads, *(p for p in uploads.rglob("*") if p.is_dir()), outbox]
    assert len(files) == 2 and (uploads / "imports").is_dir()
    assert {str(p): mode(p) for p in files} == {str(p): 0o600 for p in files}
    assert {str(p): mode(p) for p in folders} == {str(p): 0o700 for p in folders}
