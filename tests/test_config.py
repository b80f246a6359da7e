"""desk/config.py declares every setting once: the README table is its output, the code reads
only declared names with plain config["NAME"], and a bad value stops the start with a message."""
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from desk import config, create_app
from desk.cli import main
from desk.config import SETTINGS, ConfigError, from_environment

ROOT = Path(__file__).resolve().parent.parent
CODE = [*(p for d in ("desk", "api", "console", "webhooks", "jobs", "telephony") for p in (ROOT / d).rglob("*.py")
          if p != ROOT / "desk" / "config.py"), ROOT / "wsgi.py"]
READ = re.compile(r"""\b(?:config|cfg)\s*(?:\[\s*|\.get\(\s*)["']([A-Z][A-Z0-9_]*)["']""")
UPDATED = re.compile(r"\bconfig\.update\(([^)]*)\)")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No declared variable set, whatever the machine's environment holds."""
    for setting in SETTINGS:
        if setting.env:
            monkeypatch.delenv(setting.env, raising=False)
    monkeypatch.setenv("DESK_INSTANCE_PATH", str(tmp_path / "instance"))
    return monkeypatch


def test_readme_table_is_the_declaration():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    assert config.markdown_table() in section, "README.md's table differs: paste `python -m desk.config --markdown`"


def test_readme_lists_every_operator_variable_with_its_default():
    section = (ROOT / "README.md").read_text().split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("|")[1].strip(" `"): line.split("|")[4].strip()
            for line in section.splitlines() if line.startswith("| `")}
    for setting in SETTINGS:
        if setting.operator:
            assert rows.get(setting.env) == config._shown_default(setting), setting.env
    assert "`16`" == rows["LIVE_MAX_STREAMS"] and "`10,30,120,600,1800`" == rows["JOB_RETRY_INTERVALS"]


def test_markdown_command(tmp_path):
    out = subprocess.run([sys.executable, "-W", "error", "-m", "desk.config", "--markdown"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == config.markdown_table() and out.stderr == ""


def test_each_setting_declared_once():
    names = [s.name for s in SETTINGS]
    envs = [s.env for s in SETTINGS if s.env]
    assert len(names) == len(set(names)) and len(envs) == len(set(envs))
    assert all(s.meaning for s in SETTINGS)
    assert all(s.env for s in SETTINGS if s.operator)  # operators set them through the environment


def test_the_code_reads_only_declared_settings_without_its_own_defaults():
    declared = {s.name for s in SETTINGS if s.read_by == config.APP}
    read, gets = set(), []
    for path in CODE:
        text = path.read_text()
        read |= set(READ.findall(text))
        for args in UPDATED.findall(text):
            read |= set(re.findall(r"\b([A-Z][A-Z0-9_]*)\s*=", args))
        gets += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                 if re.search(r"\b(?:config|cfg)\.get\(", line)]
    assert read - declared == set(), "declare these in desk/config.py"
    assert gets == [], "read settings with config[\"NAME\"]: the default lives in desk/config.py"
    assert {"RQ_QUEUE_PREFIX", "SMS_INLINE_RETRY_SECONDS", "JOB_RETRY_INTERVALS", "DESK_SERVED_AT"} <= read


def test_defaults(clean_env, tmp_path):
    values = from_environment(str(tmp_path))
    assert set(values) == {s.name for s in SETTINGS if s.read_by == config.APP}
    assert values["LIVE_MAX_STREAMS"] == 16 and values["LIVE_STREAM_SECONDS"] == 55
    assert values["TWILIO_HTTP_TIMEOUT"] == 15.0 and values["MEDIA_URL_MAX_AGE"] == 3600
    assert values["JOB_RETRY_INTERVALS"] == [10, 30, 120, 600, 1800]
    assert values["JOBS_INLINE"] == "thread" and values["RQ_QUEUE_PREFIX"] == "" and values["REDIS_URL"] is None
    assert values["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert values["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()
    assert values["UPLOAD_DIR"] == str(tmp_path / "uploads")
    values["JOB_RETRY_INTERVALS"].append(1)
    values["SQLALCHEMY_ENGINE_OPTIONS"]["x"] = 1
    again = from_environment(str(tmp_path))  # defaults are fresh copies
    assert again["JOB_RETRY_INTERVALS"] == [10, 30, 120, 600, 1800] and again["SQLALCHEMY_ENGINE_OPTIONS"] == {}
    assert again["SECRET_KEY"] == values["SECRET_KEY"]


def test_values_from_the_environment(clean_env, tmp_path):
    clean_env.setenv("LIVE_MAX_STREAMS", " 4 ")
    clean_env.setenv("TWILIO_HTTP_TIMEOUT", "2.5")
    clean_env.setenv("JOB_RETRY_INTERVALS", "1, 2,3")
    clean_env.setenv("SMS_INLINE_RETRY_SECONDS", "0.5,2")
    clean_env.setenv("PUBLIC_BASE_URL", "https://desk.example.com/")
    clean_env.setenv("REDIS_URL", "")  # empty is unset
    clean_env.setenv("JOBS_INLINE", "sync")
    clean_env.setenv("DATABASE_URL", "postgresql+psycopg://desk:pw@db/desk")
    values = from_environment(str(tmp_path))
    assert values["LIVE_MAX_STREAMS"] == 4 and values["TWILIO_HTTP_TIMEOUT"] == 2.5
    assert values["JOB_RETRY_INTERVALS"] == [1, 2, 3] and values["SMS_INLINE_RETRY_SECONDS"] == [0.5, 2]
    assert values["PUBLIC_BASE_URL"] == "https://desk.example.com" and values["REDIS_URL"] is None
    assert values["JOBS_INLINE"] == "sync"
    assert values["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://desk:pw@db/desk"


@pytest.mark.parametrize("variable, value, expects", [
    ("LIVE_MAX_STREAMS", "abc", "a whole number, 0 or more"),
    ("LIVE_MAX_STREAMS", "-1", "a whole number, 0 or more"),
    ("TWILIO_HTTP_TIMEOUT", "-5", "a number of seconds above 0"),
    ("LIVE_STREAM_SECONDS", "nan", "a number of seconds above 0"),
    ("MEDIA_URL_MAX_AGE", "0", "a whole number, 1 or more"),
    ("JOB_RETRY_INTERVALS", "10,,30", "whole numbers of seconds"),
    ("SMS_INLINE_RETRY_SECONDS", "5,-1", "numbers of seconds, 0 or more"),
    ("JOBS_INLINE", "threads", "`thread` or `sync`"),
    ("PUBLIC_BASE_URL", "desk.example.com", "a URL starting `http://` or `https://`"),
    ("REDIS_URL", "localhost:6379", "a URL starting `redis://`"),
    ("SMTP_URL", "smtp://host:port", "a URL starting `smtp://` or `smtps://`"),
    ("DATABASE_URL", "not a url", "an SQLAlchemy database URL"),
    ("SOFTPHONE_TOKEN_TTL", "10", "a whole number from 20 to 86400"),  # the SDK warns 10 s before the end
    ("SOFTPHONE_TOKEN_TTL", "90000", "a whole number from 20 to 86400"),
])
def test_a_bad_value_names_the_variable_and_what_it_expects(clean_env, tmp_path, variable, value, expects):
    clean_env.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        from_environment(str(tmp_path))
    assert caught.value.problems == [caught.value.problems[0]]
    assert caught.value.problems[0].startswith(variable) and expects in str(caught.value)


def test_every_bad_value_is_listed_and_urls_are_not_echoed(clean_env, tmp_path):
    clean_env.setenv("LIVE_MAX_STREAMS", "abc")
    clean_env.setenv("DATABASE_URL", "postgresql://desk:s3cret@db:notaport/desk")
    with pytest.raises(ConfigError) as caught:
        from_environment(str(tmp_path))
    message = str(caught.value)
    assert "LIVE_MAX_STREAMS='abc'" in message and "DATABASE_URL:" in message
    assert "s3cret" not in message
    assert not (tmp_path / "secret_key").exists()  # nothing is made for a start that is refused


def test_create_app_refuses_a_bad_value(clean_env):
    clean_env.setenv("LIVE_MAX_STREAMS", "abc")
    with pytest.raises(ConfigError, match="LIVE_MAX_STREAMS='abc': expected a whole number"):
        create_app({"TESTING": True})


def test_tests_still_set_values_through_test_config(clean_env, tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                      "LIVE_MAX_STREAMS": 2})
    assert app.config["LIVE_MAX_STREAMS"] == 2 and app.config["LIVE_STREAM_SECONDS"] == 55
    assert app.config["DESK_INSTANCE_PATH"] == app.instance_path == str(tmp_path / "instance")


@pytest.mark.parametrize("args", [["init-db"], ["run"], ["worker", "--burst"]])
def test_desk_command_shows_a_bad_value_without_a_traceback(tmp_path, args):
    env = {"PATH": "/usr/bin:/bin", "DESK_INSTANCE_PATH": str(tmp_path), "LIVE_MAX_STREAMS": "abc",
           "TWILIO_HTTP_TIMEOUT": "-1"}
    out = subprocess.run([sys.executable, "-m", "desk", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    assert "LIVE_MAX_STREAMS='abc': expected a whole number, 0 or more" in out.stderr
    assert "TWILIO_HTTP_TIMEOUT='-1': expected a number of seconds above 0" in out.stderr


def test_desk_help_with_a_bad_value(clean_env):
    clean_env.setenv("LIVE_MAX_STREAMS", "abc")
    clean_env.setenv("FLASK_RUN_FROM_CLI", "false")  # Flask's group sets it; put back afterwards
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and result.exception is None
    assert "LIVE_MAX_STREAMS='abc'" in result.output and "Traceback" not in result.output
    assert "run" in result.output  # the commands that need no app are still listed


def test_gunicorn_conf_defaults_match_the_declaration(clean_env):
    clean_env.delenv("REDIS_URL", raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    declared = config.BY_NAME
    assert conf["bind"] == f"0.0.0.0:{declared['PORT'].default}"
    assert conf["threads"] == declared["GUNICORN_THREADS"].default
    assert conf["workers"] == 1
    clean_env.setenv("PORT", "9000")
    clean_env.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:9000" and conf["workers"] == 2
    assert {s.env for s in SETTINGS if s.read_by == config.GUNICORN} == {"WEB_CONCURRENCY", "GUNICORN_THREADS",
                                                                          "PORT", "BIND"}
