"""Every setting the desk reads, declared once: its app.config name, the environment variable it
comes from, what value it takes, its default and what it means.

`from_environment(instance_path)` builds the app's config mapping from SETTINGS; a value that
does not parse (LIVE_MAX_STREAMS=abc, a negative timeout) raises ConfigError naming the variable
and what it expects, so the desk refuses to start instead of failing later. Code then reads
`app.config["NAME"]`: every declared name is always there, with its default when unset.

README.md's configuration table is this declaration's output (`python -m desk.config --markdown`);
tests/test_config.py fails when the two disagree. Settings marked `operator=False` are the
desk's own (set by the code or the tests) and stay out of the table. The gunicorn settings are
read by gunicorn.conf.py before the app exists; they are declared here for the table only.
"""
import copy
import math
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(ValueError):
    """An environment variable holds a value the desk cannot use; the message names each one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Invalid configuration in the environment:\n" + "\n".join(f"  {p}" for p in problems))


# ---- kinds of value --------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """How an environment value is read: `parse` raises ValueError for a value it cannot use."""

    expects: str  # what a good value is, for the error message and the README table
    parse: Callable[[str], Any]
    echo: bool = True  # False: the error leaves the value out (URLs may carry a password)
    strip: bool = True  # False: the value is taken as written (text such as SECRET_KEY)


def _text(value: str) -> str:
    return value


TEXT = Kind("text", _text, strip=False)


def whole(minimum: int = 0, maximum: int | None = None) -> Kind:
    def parse(value: str) -> int:
        number = int(value)
        if number < minimum or (maximum is not None and number > maximum):
            raise ValueError(value)
        return number

    span = f" from {minimum} to {maximum}" if maximum is not None else f", {minimum} or more"
    return Kind(f"a whole number{span}", parse)


def _number(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _positive_seconds(value: str) -> float:
    number = _number(value)
    if number <= 0:
        raise ValueError(value)
    return number


SECONDS = Kind("a number of seconds above 0", _positive_seconds)


def _listed(item: Callable[[str], Any]) -> Callable[[str], list]:
    def parse(value: str) -> list:
        return [item(part.strip()) for part in value.split(",")]

    return parse


def _seconds_or_zero(value: str) -> float:
    number = _number(value)
    if number < 0:
        raise ValueError(value)
    return int(number) if number.is_integer() else number


WHOLE_LIST = Kind("whole numbers of seconds, 0 or more, separated by commas", _listed(whole(0).parse))
SECONDS_LIST = Kind("numbers of seconds, 0 or more, separated by commas", _listed(_seconds_or_zero))


def url(*schemes: str, strip_slash: bool = False) -> Kind:
    def parse(value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in schemes or not (parts.netloc or (parts.scheme == "unix" and parts.path)):
            raise ValueError("not a URL")
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
        return value.rstrip("/") if strip_slash else value

    names = [f"`{s}://`" for s in schemes]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return Kind(f"a URL starting {listed}", parse, echo=False)


def _database_url(value: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(value)
    except ArgumentError as err:
        raise ValueError(str(err)) from err
    return value


DATABASE_URL = Kind("an SQLAlchemy database URL", _database_url, echo=False)


def _flag(value: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)


FLAG = Kind("`true` or `false` (also 1/0, yes/no, on/off)", _flag)


def _in_code_only(value: str) -> Any:
    raise ValueError(value)


IN_CODE = Kind("a Python value set in code", _in_code_only)


def choice(*values: str) -> Kind:
    def parse(value: str) -> str:
        if value not in values:
            raise ValueError(value)
        return value

    return Kind(" or ".join(f"`{v}`" for v in values), parse)


def _time_zone(value: str) -> str:
    from desk.zones import check_zone

    return check_zone(value)


TIME_ZONE = Kind("an IANA time zone name such as `America/Chicago`", _time_zone)


# ---- the declaration -------------------------------------------------------------------------

APP = "app"
GUNICORN = "gunicorn.conf.py"


@dataclass(frozen=True)
class Setting:
    name: str  # the key in app.config
    env: str | None  # the environment variable; None: not read from the environment
    kind: Kind
    default: Any  # the value when unset, or a function of the instance folder giving it
    meaning: str
    operator: bool = True  # documented for operators (README's table); False: the desk's own
    shown_default: str | None = None  # the default as README says it, when not the value itself
    read_by: str = APP  # GUNICORN: read by gunicorn.conf.py, not part of app.config

    def default_value(self, instance_path: str) -> Any:
        if callable(self.default):
            return self.default(instance_path)
        return copy.deepcopy(self.default)


def _secret_key(instance_path: str) -> str:
    """A random key kept under instance/ (owner-only) so sessions survive restarts."""
    from desk.private_files import create_once

    path = Path(instance_path) / "secret_key"
    if not path.exists():
        create_once(path, secrets.token_hex(32).encode())
    return path.read_text().strip()


SOFTPHONE_OFF = "unset: softphone off"

SETTINGS: tuple[Setting, ...] = (
    Setting("DESK_ENV", "DESK_ENV", choice("development", "production"), "development",
            "`production` refuses to start without `SECRET_KEY`, or without `PUBLIC_BASE_URL` when Twilio "
            "credentials are set", shown_default="`development`; `production` under gunicorn (its config sets it)"),
    Setting("DESK_INSTANCE_PATH", "DESK_INSTANCE_PATH", TEXT, lambda instance: instance,
            "the folder for the secret key, the SQLite database, uploads and unsent mail; every web "
            "server and worker must share it", shown_default="`instance/` beside the code"),
    Setting("SQLALCHEMY_DATABASE_URI", "DATABASE_URL", DATABASE_URL,
            lambda instance: f"sqlite:///{Path(instance) / 'desk.sqlite3'}",
            "SQLAlchemy URL (`postgresql+psycopg://...` in production)",
            shown_default="`sqlite:///instance/desk.sqlite3`"),
    Setting("REDIS_URL", "REDIS_URL", url("redis", "rediss", "unix"), None,
            "Redis for RQ jobs and live updates between web processes",
            shown_default="unset: jobs run in the web process right after the commit, and each web "
                          "process runs the scheduled work"),
    Setting("SECRET_KEY", "SECRET_KEY", TEXT, _secret_key,
            "signs sessions, opt-out links and MMS media links; the same on every server",
            shown_default="a random key kept in `instance/secret_key`"),
    Setting("PUBLIC_BASE_URL", "PUBLIC_BASE_URL", url("http", "https", strip_slash=True), None,
            "the URL Twilio reaches the desk at; builds callback URLs and checks signatures",
            shown_default="the request's own URL"),
    Setting("TWILIO_ACCOUNT_SID", "TWILIO_ACCOUNT_SID", TEXT, None, "Twilio account",
            shown_default="unset: the built-in simulator"),
    Setting("TWILIO_AUTH_TOKEN", "TWILIO_AUTH_TOKEN", TEXT, None,
            "Twilio auth token (also checks the signatures of Twilio's requests)",
            shown_default="unset: the built-in simulator"),
    Setting("TWILIO_AUTH_TOKEN_PREVIOUS", "TWILIO_AUTH_TOKEN_PREVIOUS", TEXT, None,
            "also accepted on Twilio's requests while the token is rotated"),
    Setting("TWILIO_FROM_NUMBER", "TWILIO_FROM_NUMBER", TEXT, None,
            "the number texts and calls come from (E.164); texts go through "
            "`TWILIO_MESSAGING_SERVICE_SID` instead when that is set"),
    Setting("TWILIO_MESSAGING_SERVICE_SID", "TWILIO_MESSAGING_SERVICE_SID", TEXT, None,
            "the Messaging Service texts are sent through"),
    Setting("TWILIO_API_BASE_URL", "TWILIO_API_BASE_URL", url("http", "https", strip_slash=True),
            "https://api.twilio.com",
            "where the REST client sends requests, and the only host Twilio credentials are sent to"),
    Setting("TWILIO_HTTP_TIMEOUT", "TWILIO_HTTP_TIMEOUT", SECONDS, 15.0,
            "seconds a request to Twilio's REST API may take before Twilio counts as unreachable",
            shown_default="`15`"),
    Setting("TWILIO_API_KEY_SID", "TWILIO_API_KEY_SID", TEXT, None, "browser softphone tokens: the API key",
            shown_default=SOFTPHONE_OFF),
    Setting("TWILIO_API_KEY_SECRET", "TWILIO_API_KEY_SECRET", TEXT, None,
            "browser softphone tokens: the API key's secret", shown_default=SOFTPHONE_OFF),
    Setting("TWILIO_TWIML_APP_SID", "TWILIO_TWIML_APP_SID", TEXT, None,
            "browser softphone tokens: the TwiML App the softphone's calls go to", shown_default=SOFTPHONE_OFF),
    Setting("SOFTPHONE_TOKEN_TTL", "SOFTPHONE_TOKEN_TTL", whole(20, 86400), 600,
            "seconds a browser softphone token lasts; the softphone fetches a new one 10 s before it runs "
            "out (Twilio allows 24 hours at most)"),
    Setting("SMTP_URL", "SMTP_URL", url("smtp", "smtps"), None,
            "the mail server: `smtp://user:pass@host:port`, `smtps://...` (TLS), or `?starttls=1`",
            shown_default="unset: mail written as `.eml` under `instance/outbox/`"),
    Setting("MAIL_FROM", "MAIL_FROM", TEXT, "collections@desk.local", "sender address"),
    Setting("JOBS_INLINE", "JOBS_INLINE", choice("thread", "sync"), "thread",
            "without `REDIS_URL`, how a job runs after the commit: on a thread, or inside the request "
            "(`sync`, as in the tests; no in-process retries)"),
    Setting("RQ_QUEUE_PREFIX", "RQ_QUEUE_PREFIX", TEXT, "",
            "prefix of queue names, job ids and live-update channels, so several desks can share one Redis",
            shown_default="none"),
    Setting("JOB_RETRY_INTERVALS", "JOB_RETRY_INTERVALS", WHOLE_LIST, [10, 30, 120, 600, 1800],
            "with `REDIS_URL`, the seconds RQ waits before each retry of a failed job (one retry per number)"),
    Setting("JOB_LEASE_SECONDS", "JOB_LEASE_SECONDS", whole(1), 300,
            "seconds a running job holds its outbox row; a job whose process died is taken back by the "
            "sweeper after it (long jobs such as imports renew it as they go)"),
    Setting("JOB_MAX_ATTEMPTS", "JOB_MAX_ATTEMPTS", whole(1), 3,
            "times a job is started before one whose process keeps dying is marked failed (retried "
            "from the failed jobs page)"),
    Setting("REDIS_CONNECT_TIMEOUT", "REDIS_CONNECT_TIMEOUT", SECONDS, 1.0,
            "seconds the web process waits to connect to Redis before counting it as down"),
    Setting("REDIS_SOCKET_TIMEOUT", "REDIS_SOCKET_TIMEOUT", SECONDS, 1.0,
            "seconds the web process waits for Redis to answer a command (queueing a job, publishing a "
            "live update) before counting it as down"),
    Setting("SMS_INLINE_RETRY_SECONDS", "SMS_INLINE_RETRY_SECONDS", SECONDS_LIST, [5, 15, 60, 180, 600],
            "without `REDIS_URL`, the seconds before each new try of a text Twilio could not be reached "
            "for (one try per number)"),
    Setting("MEDIA_URL_MAX_AGE", "MEDIA_URL_MAX_AGE", whole(1), 3600,
            "seconds a signed MMS media link stays valid for Twilio to fetch"),
    Setting("LIVE_MAX_STREAMS", "LIVE_MAX_STREAMS", whole(0), 16,
            "live-update streams (open pages) one web process holds at once; beyond it pages poll"),
    Setting("LIVE_STREAM_SECONDS", "LIVE_STREAM_SECONDS", SECONDS, 55,
            "seconds a live-update stream stays open before the browser reconnects (keep it under the "
            "proxy's read timeout)"),
    Setting("LOGIN_FAILURE_LIMIT", "LOGIN_FAILURE_LIMIT", whole(1), 10,
            "failed logins for one email, or from one client address, before logins are refused "
            "(429) until the oldest of them leaves `LOGIN_FAILURE_WINDOW`"),
    Setting("LOGIN_FAILURE_WINDOW", "LOGIN_FAILURE_WINDOW", whole(1), 900,
            "seconds a failed login counts against the email and the address"),
    Setting("PROXY_HOPS", "PROXY_HOPS", whole(0, 5), 0,
            "reverse proxies in front of the desk that set `X-Forwarded-For` and `X-Forwarded-Proto`; "
            "the client's address (login throttling counts it) is read that many hops from the right. "
            "0: the headers are ignored, the address is the connection's"),
    Setting("SESSION_IDLE_TIMEOUT", "SESSION_IDLE_TIMEOUT", whole(60), 8 * 3600,
            "seconds without a request after which a console session ends"),
    Setting("DEALER_TIME_ZONE", "DEALER_TIME_ZONE", TIME_ZONE, "America/New_York",
            "the dealer's time zone: the console shows times in it to anyone who has not chosen their own"),
    Setting("API_TOKEN_DAYS", "API_TOKEN_DAYS", whole(1, 365), 90,
            "days a new API token lasts unless it is made with its own `expires_in_days` (1 to 365)"),
    # Read by gunicorn.conf.py from the environment before the app exists.
    Setting("WEB_CONCURRENCY", "WEB_CONCURRENCY", whole(1), None, "gunicorn processes",
            shown_default="2 with `REDIS_URL`, 1 without", read_by=GUNICORN),
    Setting("GUNICORN_THREADS", "GUNICORN_THREADS", whole(1), 32,
            "threads per gunicorn process (more than `LIVE_MAX_STREAMS`)", read_by=GUNICORN),
    Setting("PORT", "PORT", whole(1, 65535), 8000, "the port gunicorn listens on", read_by=GUNICORN),
    Setting("BIND", "BIND", TEXT, None, "gunicorn's address (`host:port`, `unix:/path`), instead of `PORT`",
            shown_default="`0.0.0.0:$PORT`", read_by=GUNICORN),
    # The desk's own: set by the code or the tests, not by operators.
    Setting("OUTBOX_DIR", None, TEXT, lambda instance: str(Path(instance) / "outbox"),
            "where email is written as .eml files when SMTP_URL is unset", operator=False),
    Setting("UPLOAD_DIR", None, TEXT, lambda instance: str(Path(instance) / "uploads"),
            "where uploaded and received files are kept", operator=False),
    Setting("IMPORT_CHUNK_PAUSE", None, IN_CODE, 0,
            "seconds an import waits after each committed chunk (the crash tests slow imports with it)",
            operator=False),
    Setting("PASSWORD_HASH_METHOD", None, TEXT, "scrypt",
            "werkzeug's password hash method (the tests use a cheaper one)", operator=False),
    Setting("DESK_SERVED_AT", None, url("http", "https", strip_slash=True), None,
            "the URL `desk run` serves at, set with the embedded simulator; callback URLs built "
            "outside a request fall back to it", operator=False),
    Setting("TWILIO_SIMULATOR", None, FLAG, False, "True while the embedded simulator plays Twilio",
            operator=False),
    Setting("TWILIO_VOICE_SIGNALLING_HOST", None, TEXT, None,
            "host:port of the embedded simulator's Voice SDK signalling (the SDK's `chunderw`); unset: "
            "the SDK's default, Twilio", operator=False),
    Setting("MAX_CONTENT_LENGTH", None, whole(1), 20 * 1024 * 1024, "the largest request body Flask accepts",
            operator=False),
    Setting("SQLALCHEMY_ENGINE_OPTIONS", None, IN_CODE, {},
            "engine options; pool_pre_ping here replaces the ping after idle (desk.idle_ping)", operator=False),
    Setting("WTF_CSRF_TIME_LIMIT", None, IN_CODE, None, "CSRF tokens last as long as the session",
            operator=False),
    # Cookie flags, set by desk.security_headers: Secure follows PUBLIC_BASE_URL's scheme.
    *(Setting(f"{cookie}_COOKIE_{flag}", None, IN_CODE, value, f"the {cookie.lower()} cookie's {flag} flag",
              operator=False)
      for cookie in ("SESSION", "REMEMBER")
      for flag, value in (("SAMESITE", "Lax"), ("HTTPONLY", True), ("SECURE", False))),
)

BY_NAME = {s.name: s for s in SETTINGS}


def _read(setting: Setting, problems: list[str]) -> tuple[bool, Any]:
    """(True, parsed value) when the setting's variable is set to something, else (False, None)."""
    raw = os.environ.get(setting.env) if setting.env else None
    if raw is None or not raw.strip():
        return False, None
    try:
        return True, setting.kind.parse(raw.strip() if setting.kind.strip else raw)
    except ValueError:
        shown = f"={raw!r}" if setting.kind.echo else ""
        problems.append(f"{setting.env}{shown}: expected {setting.kind.expects}")
        return False, None


def instance_path(default: str) -> str:
    """DESK_INSTANCE_PATH, else `default`; create_app needs it before the rest of the config."""
    problems: list[str] = []
    found, value = _read(BY_NAME["DESK_INSTANCE_PATH"], problems)
    return value if found else default


def from_environment(instance_path: str) -> dict:
    """The app's config: each setting from its environment variable, else its default.
    Raises ConfigError listing every variable whose value cannot be used."""
    problems: list[str] = []
    read = {}
    for setting in SETTINGS:
        if setting.read_by == APP:
            found, value = _read(setting, problems)
            if found:
                read[setting.name] = value
    problems += production_problems(read)
    if problems:
        raise ConfigError(problems)
    return {s.name: read[s.name] if s.name in read else s.default_value(instance_path)
            for s in SETTINGS if s.read_by == APP}


def production_problems(read: dict) -> list[str]:
    """What DESK_ENV=production refuses to start without, given the values read from the environment:
    a SECRET_KEY of its own (not a random per-folder key), and PUBLIC_BASE_URL once Twilio is real
    (callback URLs and signature checks must never come from a request's Host header)."""
    if read.get("DESK_ENV") != "production":
        return []
    problems = []
    if not read.get("SECRET_KEY"):
        problems.append("SECRET_KEY: must be set when DESK_ENV=production (the same on every server)")
    twilio = [name for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if read.get(name)]
    if twilio and not read.get("PUBLIC_BASE_URL"):
        problems.append(f"PUBLIC_BASE_URL: must be set when DESK_ENV=production and {' and '.join(twilio)} "
                        "are set (the URL Twilio reaches the desk at)")
    return problems


# ---- README's table --------------------------------------------------------------------------

def _shown_default(setting: Setting) -> str:
    if setting.shown_default is not None:
        return setting.shown_default
    value = setting.default
    if value is None:
        return "unset"
    if isinstance(value, list):
        return f"`{','.join(str(v) for v in value)}`"
    return f"`{value}`"


def markdown_table() -> str:
    """README.md's configuration table: every operator setting, in declaration order."""
    lines = ["| variable | meaning | value | default |", "|---|---|---|---|"]
    for s in SETTINGS:
        if s.operator:
            lines.append(f"| `{s.env}` | {s.meaning} | {s.kind.expects} | {_shown_default(s)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m desk.config", description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print README.md's configuration table")
    args = parser.parse_args(argv)
    if not args.markdown:
        parser.print_help()
        return
    print(markdown_table(), end="")


if __name__ == "__main__":
    main()
