"""Every Twilio callback. Each route is signature-checked, stored raw, then applied."""
from flask import Blueprint

bp = Blueprint("webhooks", __name__)

from webhooks import sms, voice  # noqa: E402,F401
