"""The account page's quick actions, in the order their buttons appear on the Collections tab."""
from typing import NamedTuple


class QuickAction(NamedTuple):
    label: str  # the button's text
    dialog: str  # the id of the <dialog> the button opens
    partial: str  # the template that holds that dialog
    key: str  # the keyboard shortcut that presses the button (static/shortcuts.js)


QUICK_ACTIONS = (
    QuickAction("Phone Call", "phone-call", "account/_phone_call.html", "C"),
    QuickAction("Send SMS", "send-sms", "account/_send_sms.html", "S"),
    QuickAction("Send Email", "send-email", "account/_send_email.html", "E"),
    QuickAction("Add Activity", "add-activity", "account/_add_activity.html", "A"),
    QuickAction("Add Promise to Pay", "add-promise", "account/_add_promise.html", "P"),
)
