"""marshmallow schemas: what the API and the console accept and what the API returns."""
from functools import cache

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema
from marshmallow.experimental.context import Context

from desk.accounts.sorting import SORT_CHOICES
from desk.accounts.timezones import STATE_ZONES
from desk.schemas.fields import (
    Checked,
    Day,
    DispositionRef,
    Money,
    PhoneNumber,
    RowId,
    Strict,
    UserRef,
    WholeNumber,
)
from desk.schemas.users import password_field
from desk.users.presence import presence_now
from desk.users.throttle import locked_until, locked_until_by_email
from desk.zones import check_zone, user_zone
from models import (
    ACCOUNT_STATUSES,
    ACTIVITY_TYPES,
    CALL_OPT_OUT_HOWS,
    CALL_VIAS,
    CONSENT_HOWS,
    LANGUAGES,
    PAYMENT_FREQUENCIES,
    PAYMENT_SOURCES,
    PHONE_KINDS,
    PHONE_LABELS,
    PRESENCES,
    PROMISE_STATUSES,
    ROLES,
)

NOTE_TYPES = ("note", "call", "visit", "sms", "email")  # types a person may log by hand
LANGUAGE_HELP = "The customer's preferred language: `en` (English) or `es` (Spanish)."


def language_field(description: str = LANGUAGE_HELP, **kwargs) -> fields.String:
    """`en` or `es`; anything else is refused naming the choices."""
    return fields.String(validate=validate.OneOf(LANGUAGES, error="Must be en (English) or es (Spanish)."),
                         metadata={"description": description}, **kwargs)


class PhoneIn(Strict):
    number = PhoneNumber(required=True)
    label = fields.String(load_default="mobile", validate=validate.OneOf(PHONE_LABELS))


class EmailIn(Strict):
    address = fields.Email(required=True)


class AddressIn(Strict):
    line1 = fields.String(validate=validate.Length(max=200), allow_none=True)
    city = fields.String(validate=validate.Length(max=100), allow_none=True)
    state = fields.String(validate=validate.OneOf(sorted(STATE_ZONES)), allow_none=True)
    zip = fields.String(validate=validate.Regexp(r"^\d{5}(-\d{4})?$", error="Must be a 5-digit ZIP."),
                        allow_none=True)


class AccountIn(Strict):
    number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    phones = fields.List(fields.Nested(PhoneIn), load_default=list)
    emails = fields.List(fields.Nested(EmailIn), load_default=list)
    address = fields.Nested(AddressIn, load_default=dict)
    timezone = fields.String(allow_none=True, validate=validate.Length(max=64))
    vehicle = fields.String(allow_none=True, validate=validate.Length(max=200))
    balance = Money(allow_zero=True, load_default=None)
    amount_due = Money(allow_zero=True, load_default=None)
    due_on = Day(allow_none=True)
    days_past_due = WholeNumber(maximum=100000)
    status = fields.String(validate=validate.OneOf(ACCOUNT_STATUSES))
    payment_amount = Money(allow_none=True)
    payment_frequency = fields.String(allow_none=True, validate=validate.OneOf(PAYMENT_FREQUENCIES))
    next_due_on = Day(allow_none=True)
    assigned_to = UserRef(allow_none=True)
    language = language_field()

    @validates_schema
    def _zone_exists(self, data, **kwargs):
        zone = data.get("timezone")
        if zone:
            from zoneinfo import available_timezones
            if zone not in available_timezones():
                raise ValidationError("Unknown time zone.", "timezone")


class PhoneOut(Schema):
    id = fields.Integer()
    number = fields.String()
    label = fields.String()
    kind = fields.String(validate=validate.OneOf(sorted(set(PHONE_KINDS.values()))), metadata={
        "description": "personal (mobile, home, co-buyer) or work (work, reference): the state contact rules' "
                       "window that counts calls and texts to it (docs/compliance.md)"})
    sms_opt_out = fields.Boolean()
    call_opt_out = fields.Boolean(metadata={
        "description": "The customer asked not to be called on this phone: the compliance gate refuses a call "
                       "to it (call_opt_out)"})
    call_opted_out_at = fields.DateTime(allow_none=True, metadata={"description": "When they asked"})
    call_opt_out_how = fields.String(allow_none=True, metadata={
        "description": "How they asked: verbal (on a call), written, in_person, text, other, dms_import "
                       "(older records may hold free text)"})
    prerecorded_consent = fields.Boolean(metadata={
        "description": "The customer consented to prerecorded messages (a voicemail drop) on this phone"})
    prerecorded_consent_at = fields.DateTime(allow_none=True, metadata={"description": "When it was given"})
    prerecorded_consent_how = fields.String(allow_none=True, metadata={"description": "How it was given"})


class PrerecordedConsentIn(Strict):
    given = fields.Boolean(required=True, metadata={"description": "true: consent given; false: withdrawn"})
    how = fields.String(required=True, validate=validate.OneOf(CONSENT_HOWS),
                        metadata={"description": "How the customer gave or withdrew it", "example": "verbal"})


class CallOptOutIn(Strict):
    opted_out = fields.Boolean(required=True, metadata={
        "description": "true: the customer asked not to be called on this phone (anyone signed in records it); "
                       "false: they asked to be called again (an admin only, else 403)"})
    how = fields.String(required=True, validate=validate.OneOf([h for h in CALL_OPT_OUT_HOWS if h != "dms_import"]),
                        metadata={"description": "How they asked", "example": "verbal"})
    words = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1600), metadata={
        "description": "What the customer said or wrote, kept in the consent ledger",
        "example": "Stop calling me at work."})


class EmailOut(Schema):
    id = fields.Integer()
    address = fields.String()
    opt_out = fields.Boolean()


class AccountOut(Schema):
    id = fields.Integer()
    number = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    phones = fields.List(fields.Nested(PhoneOut))
    emails = fields.List(fields.Nested(EmailOut))
    address = fields.Method("_address")
    timezone = fields.String()
    vehicle = fields.String()
    balance = Money(allow_zero=True)
    amount_due = Money(allow_zero=True)
    due_on = fields.Date()
    days_past_due = fields.Integer()
    status = fields.String()
    payment_amount = Money(allow_zero=True)
    payment_frequency = fields.String()
    next_due_on = fields.Date()
    assigned_to = fields.Integer(attribute="assigned_to_id")
    language = fields.String(metadata={"description": LANGUAGE_HELP})

    def _address(self, account):
        return {"line1": account.address_line1, "city": account.city,
                "state": account.state, "zip": account.zip}


class ActivityIn(Strict):
    type = fields.String(load_default="note", validate=validate.OneOf(NOTE_TYPES))
    disposition = DispositionRef(allow_none=True, load_default=None)
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))
    assigned_to = UserRef(allow_none=True, load_default=None)
    follow_up_on = Day(allow_none=True, load_default=None)
    call_id = RowId(allow_none=True, load_default=None)
    override_reason = fields.String(load_default=None, allow_none=True)
    stop_calling = PhoneNumber(allow_none=True, load_default=None, metadata={
        "description": "One of the account's phones: the customer asked not to be called on it (recorded as a "
                       "request to stop calling, heard on a call, with the notes as their words)",
        "example": "+12145550101"})

    @validates_schema
    def _something_to_record(self, data, **kwargs):
        if not data.get("disposition") and not (data.get("notes") or "").strip():
            raise ValidationError("Give a disposition or notes.", "notes")


class ActivityOut(Schema):
    id = fields.Integer()
    type = fields.String()
    disposition = DispositionRef()
    disposition_id = fields.Integer()
    notes = fields.String()
    assigned_to = fields.Integer(attribute="assigned_to_id")
    follow_up_on = fields.Date()
    created_by = fields.Integer(attribute="created_by_id")
    created_at = fields.DateTime()
    call_id = fields.Integer()
    message_id = fields.Integer()
    email_id = fields.Integer()
    promise_id = fields.Integer()
    payment_id = fields.Integer()


class PromiseIn(Strict):
    amount = Money(required=True)
    due_on = Day(required=True)
    assigned_to = UserRef(allow_none=True, load_default=None)
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))
    activity_id = RowId(allow_none=True, load_default=None, metadata={
        "description": "The call, note or visit on this account the promise was made in."})


class InstallmentIn(Strict):
    amount = Money(required=True)
    due_on = Day(required=True)


class PromiseOrPlanIn(Strict):
    """One promise (`amount`, `due_on`) or a plan (`installments`), with an assignee and notes."""

    amount = Money()
    due_on = Day()
    installments = fields.List(fields.Nested(InstallmentIn), validate=validate.Length(min=1, max=52))
    assigned_to = UserRef(allow_none=True, load_default=None)
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))
    activity_id = RowId(allow_none=True, load_default=None, metadata={
        "description": "The call, note or visit on this account the promise was made in."})

    @validates_schema
    def _one_or_plan(self, data, **kwargs):
        if "installments" in data:
            if "amount" in data or "due_on" in data:
                raise ValidationError("Send either amount and due_on, or installments.", "installments")
            return
        missing = {name: ["Missing data for required field."] for name in ("amount", "due_on") if name not in data}
        if missing:
            raise ValidationError(missing)


class PlanIn(Strict):
    """Several dated amounts promised at once; each becomes a promise with the plan's id."""

    installments = fields.List(fields.Nested(InstallmentIn), required=True,
                               validate=validate.Length(min=1, max=52))
    assigned_to = UserRef(allow_none=True, load_default=None)
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))


class PromisePatch(Strict):
    amount = Money()
    due_on = Day()
    assigned_to = UserRef(allow_none=True)
    notes = fields.String(allow_none=True, validate=validate.Length(max=10000))
    status = fields.String(validate=validate.OneOf(["cancelled"], error="Only cancelling is allowed; "
                                                   "kept and broken follow from payments."))
    cancel_reason = fields.String(validate=validate.Length(min=1, max=500))


class PromiseOut(Schema):
    id = fields.Integer()
    account_id = fields.Integer()
    amount = Money()
    due_on = fields.Date()
    assigned_to = fields.Integer(attribute="assigned_to_id")
    notes = fields.String()
    status = fields.String(validate=validate.OneOf(PROMISE_STATUSES))
    applied_amount = Money(allow_zero=True, metadata={"description": "What payments have paid toward it."})
    plan_id = fields.Integer(allow_none=True)
    activity_id = fields.Integer(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    created_by = fields.Integer(attribute="created_by_id")
    created_at = fields.DateTime()
    resolved_at = fields.DateTime()


class PaymentIn(Strict):
    amount = Money(required=True)
    paid_on = Day(load_default=None)
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=80))
    overpayment = fields.Boolean(load_default=False, metadata={
        "description": "An admin accepts a payment larger than the balance."})


class ReversalIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class PaymentOut(Schema):
    id = fields.Integer()
    account_id = fields.Integer()
    amount = Money()
    paid_on = fields.Date()
    reference = fields.String()
    source = fields.String(validate=validate.OneOf(PAYMENT_SOURCES))
    overpayment = fields.Boolean()
    created_by = fields.Integer(attribute="created_by_id")
    created_at = fields.DateTime()
    reversed_at = fields.DateTime(allow_none=True)
    reversed_by = fields.Integer(attribute="reversed_by_id", allow_none=True)
    reversal_reason = fields.String(allow_none=True)


class DispositionIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    reached = fields.Boolean(load_default=False)
    active = fields.Boolean(load_default=True)


class DispositionOut(Schema):
    id = fields.Integer()
    name = fields.String()
    reached = fields.Boolean()
    active = fields.Boolean()


class TemplateIn(Strict):
    channel = fields.String(required=True, validate=validate.OneOf(["sms", "email"]))
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    language = language_field("The language of this version: `en` (default) or `es`. A template's versions "
                              "share its channel and name; a send uses the version in the customer's language.",
                              load_default="en")
    subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    body = fields.String(required=True, validate=validate.Length(min=1, max=20000))
    html_body = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100000))

    @validates_schema
    def _email_needs_subject(self, data, **kwargs):
        if data.get("channel") == "email" and not (data.get("subject") or "").strip():
            raise ValidationError("An email template needs a subject.", "subject")


class TemplateOut(Schema):
    id = fields.Integer()
    channel = fields.String()
    name = fields.String()
    language = fields.String()
    subject = fields.String()
    body = fields.String()
    html_body = fields.String()
    active = fields.Boolean()


class UserIn(Strict):
    email = fields.Email(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    role = fields.String(load_default="collector", validate=validate.OneOf(ROLES))
    password = password_field(required=True)
    phone = PhoneNumber(load_default=None, allow_none=True)


CALL_VIA_HELP = ("How this person calls: `browser` (the console's softphone) or `phone` (a bridge to their "
                 "phone number).")
PRESENCE_HELP = ("`available`, `away` (set by the person), `busy` (on a call, automatic) or `offline` "
                 "(no console open in the last 90 seconds).")


def call_via_field(**kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(CALL_VIAS), metadata={
        "description": CALL_VIA_HELP + " `phone` needs a phone number.", "enum": list(CALL_VIAS)}, **kwargs)


class UserPatch(Strict):
    name = fields.String(validate=validate.Length(min=1, max=120))
    role = fields.String(validate=validate.OneOf(ROLES))
    phone = PhoneNumber(allow_none=True)
    active = fields.Boolean()
    password = password_field()
    call_via = call_via_field()


class UserOut(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    phone = fields.String()
    active = fields.Boolean()
    time_zone = fields.Method("_time_zone", metadata={
        "description": "The IANA zone the console shows this person times in (the dealer's unless they chose one)."})
    auto_next = fields.Boolean(metadata={
        "description": "Whether saving a call's outcome on a queue account opens the next account at once."})
    call_via = fields.String(metadata={"description": CALL_VIA_HELP, "enum": list(CALL_VIAS)})
    presence = fields.Method("_presence", metadata={
        "description": PRESENCE_HELP, "enum": ["available", "away", "busy", "offline"]})
    login_locked_until = fields.Method("_locked", metadata={
        "type": "string", "format": "date-time", "nullable": True,
        "description": "While too many failed logins lock this person out: when the lock ends "
                       "(POST /users/{user_id}/unlock lifts it sooner); null otherwise."})

    def _time_zone(self, user):
        return user_zone(user)

    def _locked(self, user):
        """From the locks UserPage read for the whole list, else this user's own."""
        locks = Context.get({}).get("login_locks", {})
        until = locks[user.email] if user.email in locks else locked_until(user.email)
        return until.isoformat() if until else None

    def _presence(self, user):
        return presence_now(user)


class PresenceOut(Schema):
    presence = fields.String(metadata={"description": PRESENCE_HELP,
                                       "enum": ["available", "away", "busy", "offline"]})


def _iana_zone(name: str) -> None:
    try:
        check_zone(name)
    except ValueError:
        raise ValidationError("Not an IANA time zone name (such as America/Chicago).") from None


class MeIn(Strict):
    time_zone = fields.String(validate=_iana_zone, metadata={
        "description": "An IANA time zone name, such as America/Chicago.", "example": "America/Chicago"})
    auto_next = fields.Boolean(metadata={
        "description": "On an account from my work queue, open the next account once a call's outcome is saved."})
    call_via = call_via_field()
    presence = fields.String(validate=validate.OneOf(PRESENCES, error="Set available or away; busy and offline "
                                                      "follow from calls and open consoles."),
                             metadata={"description": "available or away.", "enum": list(PRESENCES)})

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError("Give time_zone, auto_next, call_via or presence.", "time_zone")


class ListArgs(Checked):
    class Meta:
        unknown = EXCLUDE

    limit = WholeNumber(load_default=50, minimum=1, maximum=200)
    cursor = fields.String(load_default=None)


SORT_HELP = ("A column to order by, `-` in front for descending: name, phone, balance, amount_due, "
             "days_past_due, local_time (the customer's), last_contact.")


class WorklistArgs(ListArgs):
    sort = fields.String(load_default=None, validate=validate.OneOf(SORT_CHOICES),
                         metadata={"description": SORT_HELP + " Unset: most urgent first."})


class AccountListArgs(ListArgs):
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    assigned_to = RowId(load_default=None)
    sort = fields.String(load_default="name", validate=validate.OneOf(SORT_CHOICES),
                         metadata={"description": SORT_HELP})


class ActivityListArgs(ListArgs):
    type = fields.String(load_default=None)

    @validates_schema
    def _known_types(self, data, **kwargs):
        unknown = set(filter(None, (data.get("type") or "").split(","))) - set(ACTIVITY_TYPES)
        if unknown:
            raise ValidationError(f"Unknown type(s): {', '.join(sorted(unknown))}.", "type")


@cache
def page_of(item: type[Schema]) -> type[Schema]:
    """A list answer: {"items": [...], "next": the cursor of the next page, or null}."""
    return Schema.from_dict({"items": fields.List(fields.Nested(item)), "next": fields.String(allow_none=True)},
                            name=item.__name__.removesuffix("Out") + "Page")


class UserPage(page_of(UserOut)):
    """The users list: their login locks are read in one query for all, not one per user."""

    def dump(self, obj, *, many=None):
        locks = locked_until_by_email([user.email for user in obj["items"]])
        with Context({"login_locks": locks}):
            return super().dump(obj, many=many)


class WorkReasonOut(Schema):
    """Why an account is on the worklist: a follow-up due, a broken promise, a reversed payment
    that had paid a promise, unread texts."""

    kind = fields.String(validate=validate.OneOf(["follow_up", "broken_promise", "reversed_payment",
                                                  "unread_texts", "promise_due"]))
    on = fields.Date()
    activity_id = fields.Integer()
    promise_id = fields.Integer()
    payment_id = fields.Integer()
    amount = Money()
    conversation_id = fields.Integer()
    count = fields.Integer()


class WorkItemOut(Schema):
    account = fields.Nested(AccountOut)
    reasons = fields.List(fields.Nested(WorkReasonOut))
    since = fields.Date()


class ErrorDetailOut(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    field_errors = fields.Dict(required=True, data_key="fields",
                               metadata={"description": "Field name -> messages (or nested fields)"})


class ErrorOut(Schema):
    """Every API error, as desk.errors.error_body makes it (this schema only documents it)."""

    error = fields.Nested(ErrorDetailOut, required=True)
