"""The desk's data model. Importing this package registers every table on Base.metadata."""
from models.accounts import (
    ACCOUNT_STATUSES,
    CALL_OPT_OUT_HOWS,
    CONSENT_HOWS,
    LANGUAGES,
    PAYMENT_FREQUENCIES,
    PHONE_KINDS,
    PHONE_LABELS,
    Account,
    ConsentEvent,
    EmailAddress,
    Phone,
)
from models.activities import ACTIVITY_TYPES, DEFAULT_DISPOSITIONS, Activity, Disposition
from models.audit import AuditEntry
from models.base import Base, utcnow
from models.calls import Call, CallLeg
from models.emails import Email
from models.files import Attachment
from models.idempotency import IdempotencyKey
from models.imports import IMPORT_KINDS, IMPORT_STATUSES, ImportRun
from models.jobs import OUTBOX_STATUSES, OutboxJob
from models.messaging import Conversation, Message, MessageMedia
from models.promises import PAYMENT_SOURCES, PROMISE_STATUSES, Allocation, Payment, Promise, PromisePlan
from models.queue import QueueLease, QueueSkip
from models.reports import PortfolioSnapshot, ReportChange, ReportDay
from models.settings import (
    DEFAULT_SETTINGS,
    ROUND_ROBIN_CURSOR,
    SETTING_CHOICES,
    SETTING_HELP,
    SETTING_RANGES,
    SETTING_TEXT_LIMITS,
    SETTING_TEXT_MAX,
    STATE_RULE_DAYS_RANGE,
    STATE_RULE_LIMIT_RANGE,
    Setting,
)
from models.templates import MessageTemplate
from models.users import CALL_VIAS, PRESENCES, ROLES, ApiToken, LoginAttempt, User
from models.webhooks import WebhookEvent

__all__ = [
    "ACCOUNT_STATUSES", "ACTIVITY_TYPES", "CALL_OPT_OUT_HOWS", "CALL_VIAS", "CONSENT_HOWS", "PRESENCES", "Account",
    "Activity",
    "Allocation", "ApiToken",
    "Attachment", "AuditEntry", "Base", "Call", "CallLeg", "ConsentEvent", "Conversation",
    "DEFAULT_DISPOSITIONS", "DEFAULT_SETTINGS", "Disposition", "Email", "EmailAddress",
    "IMPORT_KINDS", "IMPORT_STATUSES", "IdempotencyKey", "ImportRun", "LoginAttempt", "Message", "MessageMedia",
    "MessageTemplate", "LANGUAGES",
    "OUTBOX_STATUSES", "OutboxJob", "PAYMENT_FREQUENCIES", "PAYMENT_SOURCES", "PHONE_KINDS", "PHONE_LABELS",
    "PROMISE_STATUSES", "Payment", "Phone", "PortfolioSnapshot", "Promise", "PromisePlan", "QueueLease",
    "QueueSkip", "ROLES", "ReportChange", "ReportDay",
    "ROUND_ROBIN_CURSOR", "SETTING_CHOICES", "SETTING_HELP", "SETTING_TEXT_LIMITS",
    "SETTING_RANGES", "SETTING_TEXT_MAX", "STATE_RULE_DAYS_RANGE", "STATE_RULE_LIMIT_RANGE", "Setting", "User",
    "WebhookEvent", "utcnow",
]
