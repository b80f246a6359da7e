"""Every Twilio callback. Each route is signature-checked, stored raw, then applied."""
from flask import Blueprint

bp = Blueprint("webhooks", __name__)

from webhooks import voice  # noqa: E402,F401
from webhooks import sms  # noqa: E402,F401
