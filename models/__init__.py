"""The desk's data model. Importing this package registers every table on Base.metadata."""
from models.accounts import ACCOUNT_STATUSES, PHONE_LABELS, Account, ConsentEvent, EmailAddress, Phone
from models.activities import ACTIVITY_TYPES, DEFAULT_DISPOSITIONS, Activity, Disposition
from models.base import Base, utcnow
from models.calls import Call, CallLeg
from models.emails import Email
from models.files import Attachment
from models.imports import IMPORT_KINDS, IMPORT_STATUSES, ImportRun
from models.jobs import OUTBOX_STATUSES, OutboxJob
from models.messaging import Conversation, Message, MessageMedia
from models.promises import PROMISE_STATUSES, Payment, Promise
from models.settings import DEFAULT_SETTINGS, Setting
from models.templates import MessageTemplate
from models.users import ROLES, ApiToken, User
from models.webhooks import WebhookEvent

__all__ = [
    "ACCOUNT_STATUSES", "ACTIVITY_TYPES", "DEFAULT_DISPOSITIONS", "DEFAULT_SETTINGS",
    "PHONE_LABELS", "PROMISE_STATUSES", "ROLES", "Account", "Activity", "ApiToken",
    "Attachment", "Base", "Call", "CallLeg", "ConsentEvent", "Conversation", "Disposition", "Email",
    "EmailAddress", "IMPORT_KINDS", "IMPORT_STATUSES", "ImportRun", "Message", "MessageMedia", "MessageTemplate",
    "OUTBOX_STATUSES", "OutboxJob", "Payment", "Phone",
    "Promise", "Setting", "User", "WebhookEvent", "utcnow",
]
