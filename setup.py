"""The wheel carries what the desk serves and migrates: the top-level templates/, static/ (with
static/vendor/, the browser libraries `npm ci` + `python -m desk.vendor` put there) and
migrations/ are installed as desk_files/templates, desk_files/static and desk_files/migrations;
desk.shipped finds them there, or beside the code in a checkout. The metadata is in pyproject.toml."""
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
VENDORED = ["static/vendor/twilio-voice.min.js", "static/vendor/sounds/incoming.wav"]


class BuildWithVendoredFiles(build_py):
    """Refuse to build a desk whose console would have no softphone library."""

    def run(self):
        missing = [name for name in VENDORED if not (HERE / name).is_file()]
        if missing and not getattr(self, "editable_mode", False):  # `pip install -e .` comes before npm
            raise SystemExit(f"{', '.join(missing)} missing: run `npm ci` and `python -m desk.vendor` "
                             "(or `make install`) before building the desk")
        super().run()


CODE = find_packages(include=["desk*", "models*", "telephony*", "webhooks*", "console*", "api*", "jobs*"])
TEMPLATE_FOLDERS = sorted({str(p.parent.relative_to(HERE / "templates")).replace("/", ".").strip(".")
                           for p in (HERE / "templates").rglob("*.html")})
FILES = {
    **{"desk_files.templates" + (f".{sub}" if sub else ""): "templates/" + sub.replace(".", "/")
       for sub in TEMPLATE_FOLDERS},
    "desk_files.static": "static",
    "desk_files.migrations": "migrations",
    "desk_files.migrations.versions": "migrations/versions",
    # Only once it exists, so metadata and editable installs work before `npm ci`; build_py then
    # refuses to build a wheel without it.
    **({"desk_files.static.vendor": "static/vendor"} if (HERE / "static" / "vendor").is_dir() else {}),
    **({"desk_files.static.vendor.sounds": "static/vendor/sounds"}
       if (HERE / "static" / "vendor" / "sounds").is_dir() else {}),
}

setup(
    packages=[*CODE, *FILES],
    package_dir={name: folder.rstrip("/") for name, folder in FILES.items()},
    package_data={
        **{name: ["*.html"] for name in FILES if name.startswith("desk_files.templates")},
        "desk_files.static": ["*.js", "*.css"],
        "desk_files.static.vendor": ["*.js"],
        "desk_files.static.vendor.sounds": ["*.wav"],
        "desk_files.migrations": ["README", "alembic.ini", "script.py.mako"],
        "telephony.simulator": ["twilio_spec_extract.json", "templates/devphone/*.html"],
        "desk.users": ["common_passwords.txt"],
    },
    py_modules=["wsgi"],
    cmdclass={"build_py": BuildWithVendoredFiles},
)
