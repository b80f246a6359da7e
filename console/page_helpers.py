"""What a console template can call, besides what Flask and Flask-WTF give every template
(url_for, csrf_token, current_user, get_flashed_messages, ...) and the macros in
templates/_forms.html. Registered once, for the whole app, in console/__init__.py."""
from flask import Flask

from console import email, once, presence, shell, sms
from desk import formatting
from desk.accounts.files import account_attachments
from desk.templates.versions import LANGUAGE_NAMES
from desk.zones import user_zone
from telephony.tokens import softphone_enabled

FILTERS = {
    **formatting.FILTERS,  # money, phone, local_time, clock, day, local_day
}

GLOBALS = {
    "account_files": account_attachments,
    "form_key": once.form_key,
    "language_names": LANGUAGE_NAMES,  # en -> English, es -> Spanish
    "my_zone": user_zone,  # the zone the page's scripts show times in (static/desk.js deskTime)
    "header_presence": presence.header_presence,  # "Busy (on a call)" beside the header's control
    "presence_words": presence.presence_words,  # the one-time key of a form (templates/_forms.html)
    "send_email_choices": email.send_email_choices,
    "sms_templates": sms.sms_templates,
    "sms_thread": sms.sms_thread,
    "softphone_on": softphone_enabled,  # the Phone Call window offers "This browser"
    "unmatched_count": sms.unmatched_count,
    "unread_sms": sms.unread_sms,
}


def register(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
    shell.register(app)
