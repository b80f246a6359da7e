"""The baseline for the webhook benchmarks: a bare Flask app whose POST answers 200 and nothing
else (`gunicorn bench.bare_app:app`, same settings as the desk)."""
from flask import Flask

app = Flask(__name__)


@app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
@app.route("/<path:path>", methods=["GET", "POST"])
def ok(path):
    return ""
