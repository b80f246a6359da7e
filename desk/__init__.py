"""Collections Desk: the application factory."""
from flask import Flask
from werkzeug.routing import IntegerConverter

from desk import errors, security_headers, shipped
from desk.extensions import csrf, db, login_manager, migrate
from desk.private_files import private_folder, private_sqlite_file

MIGRATIONS = str(shipped.folder("migrations"))


class RowId(IntegerConverter):
    """`<int:...>` in routes: an id too big for the database's integer column names no row, so it
    comes in as 0 (never an id): pages and the API answer 404, Twilio's webhooks their usual
    answer for an unknown call, instead of the database driver failing on the number. Only ASCII
    digits (werkzeug's `\\d+` also matches Arabic-Indic and fullwidth digits, which int() reads)."""

    regex = r"[0-9]+"

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= 2**31 - 1 else 0


def create_app(test_config: dict | None = None) -> Flask:
    """Build the desk: config from the environment (or test_config), extensions, blueprints.

    Raises desk.config.ConfigError when an environment variable holds a value the desk cannot use.
    """
    from desk import config, input_checks  # here, so `python -m desk.config` runs without a second copy of it

    app = Flask(
        __name__,
        instance_path=config.instance_path(default=str(shipped.CODE_ROOT / "instance")),
        template_folder=str(shipped.folder("templates")),
        static_folder=str(shipped.folder("static")),
    )
    app.url_map.converters["int"] = RowId
    input_checks.init_app(app)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    private_folder(app.instance_path)
    private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])

    _trust_proxies(app)
    db.init_app(app)
    _ping_idle_connections(app)
    _init_outbox(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)
    _init_login(app)
    _register_blueprints(app)
    errors.init_app(app)
    security_headers.init_app(app)
    _register_commands(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_HOPS reverse proxies, the client's address and scheme are the ones they
    forwarded (werkzeug's ProxyFix); without, forwarded headers are ignored."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _ping_idle_connections(app: Flask) -> None:
    """Instead of pool_pre_ping on every checkout (unless a config asks for it): see idle_ping."""
    from desk.idle_ping import ping_after_idle

    if not app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping"):
        with app.app_context():
            for engine in db.engines.values():
                ping_after_idle(engine)


def _init_outbox(app: Flask) -> None:
    from desk import outbox
    from jobs.outbox import dispatch_ids

    outbox.init_app(app, dispatch_ids)


def _init_login(app: Flask) -> None:
    from desk.users import auth

    login_manager.init_app(app)
    login_manager.login_view = "console.login"
    login_manager.user_loader(auth.load_user)
    login_manager.request_loader(auth.load_user_from_bearer)
    login_manager.unauthorized_handler(auth.unauthorized)


def _register_blueprints(app: Flask) -> None:
    import api
    from console import bp as console_bp
    from console.email_optout import bp as optout_bp
    from webhooks import bp as webhooks_bp

    app.register_blueprint(console_bp)
    api.init_app(app)  # under /api/v1, with its OpenAPI document
    app.register_blueprint(webhooks_bp, url_prefix="/webhooks/twilio")
    csrf.exempt(api.bp)  # bearer-token requests; session requests are CSRF-checked in api.auth
    csrf.exempt(webhooks_bp)  # Twilio signs its requests instead
    app.register_blueprint(optout_bp)
    csrf.exempt(optout_bp)  # RFC 8058 one-click POSTs carry no token; the signed link is the proof


def _register_commands(app: Flask) -> None:
    from desk import cli

    cli.init_app(app)
