"""What the reports read (period, collector) and answer."""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validates_schema
from marshmallow.validate import OneOf

from desk.reports.presets import PRESETS
from desk.reports.sorting import SORTABLE
from desk.reports.summary import NAMES
from desk.schemas.fields import Checked, Day, RowId

MONEY_HELP = {"description": "Dollars with two decimals, as a string"}
RATE_HELP = {"description": "From 0 to 1; null when nothing to divide by"}


class PortfolioArgs(Checked):
    class Meta:
        unknown = EXCLUDE

    collector = RowId(load_default=None, metadata={
        "description": "Narrow every figure to one collector (admins; a collector may name only themself)"})
    from_ = Day(load_default=None, data_key="from", metadata={
        "description": "The day whose portfolio snapshot the roll rates start from; default 29 days before "
                       "today (the start of the last 30 days), in the dealer's time zone"})


class SummaryArgs(PortfolioArgs):
    from_ = Day(required=True, data_key="from", metadata={"description": "First day, in the dealer's time zone"})
    to = Day(required=True, metadata={"description": "Last day (inclusive); at most 366 days after from"})


class DashboardArgs(PortfolioArgs):
    """The Dashboard's picker: a named period, or custom days (read only then), and the
    by-collector table's order."""

    range = fields.String(load_default="30", validate=OneOf([value for value, _words in PRESETS],
                                                            error="Choose one of the periods offered."))
    from_ = Day(load_default=None, data_key="from")
    to = Day(load_default=None)
    sort = fields.String(load_default="name", validate=OneOf(SORTABLE))
    dir = fields.String(load_default="asc", validate=OneOf(("asc", "desc")))

    @pre_load
    def _custom_days_only(self, data, **kwargs):
        """A named period ignores the day boxes the form always sends; an empty box is missing."""
        data = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
        custom = data.get("range") == "custom"
        return {key: value for key, value in data.items()
                if value != "" and (custom or key not in ("from", "to"))}

    @validates_schema
    def _custom_needs_days(self, data, **kwargs):
        if data.get("range") == "custom":
            missing = {name: ["A day as YYYY-MM-DD."] for name, key in (("from", "from_"), ("to", "to"))
                       if data.get(key) is None}
            if missing:
                raise ValidationError(missing)


def _money(**kw):
    return fields.String(metadata=MONEY_HELP, **kw)


def _rate():
    return fields.Float(allow_none=True, metadata=RATE_HELP)


class PeriodOut(Schema):
    from_ = fields.String(data_key="from", attribute="from")
    to = fields.String()
    zone = fields.String()


class CallsOut(Schema):
    attempts, answered, talk_seconds = fields.Integer(), fields.Integer(), fields.Integer()


class FailureOut(Schema):
    code = fields.Integer(allow_none=True)
    count = fields.Integer()
    explanation = fields.String(allow_none=True)


class TextsOut(Schema):
    sent, delivered, undelivered, failed = (fields.Integer() for _ in range(4))
    delivery_rate = _rate()
    failures = fields.List(fields.Nested(FailureOut))


class EmailsOut(Schema):
    sent = fields.Integer()


class ContactsOut(Schema):
    right_party, accounts_worked = fields.Integer(), fields.Integer()
    rate = _rate()


class PromisesOut(Schema):
    taken_count, kept_count, broken_count, pending_count, cancelled_count = (fields.Integer() for _ in range(5))
    taken_amount, kept_amount, broken_amount, pending_amount, cancelled_amount, paid_amount = (
        _money() for _ in range(6))
    kept_rate, kept_rate_amount = _rate(), _rate()


class CountAmountOut(Schema):
    count = fields.Integer()
    amount = _money()


class PaymentsOut(Schema):
    count, reversed_count = fields.Integer(), fields.Integer()
    amount, reversed_amount = _money(), _money()
    by_source = fields.Dict(keys=fields.String(), values=fields.Nested(CountAmountOut))


class OptOutsOut(Schema):
    sms, call, email = fields.Integer(), fields.Integer(), fields.Integer()


def _row_fields() -> dict:
    made = {}
    for name in (*NAMES, "accounts_worked"):
        made[name] = _money() if name.endswith("amount") or name == "promised_paid" else fields.Integer()
    for name in ("contact_rate", "delivery_rate", "kept_rate", "kept_rate_amount"):
        made[name] = _rate()
    return made


DAY_HELP = {"description": "YYYY-MM-DD in the dealer's time zone"}
DayRowOut = Schema.from_dict({"day": fields.String(metadata=DAY_HELP), **_row_fields()}, name="ReportDayRow")
CollectorRowOut = Schema.from_dict({"collector_id": fields.Integer(), "name": fields.String(), **_row_fields()},
                                   name="ReportCollectorRow")


class SummaryOut(Schema):
    period = fields.Nested(PeriodOut)
    collector = fields.Integer(allow_none=True)
    calls = fields.Nested(CallsOut)
    texts = fields.Nested(TextsOut)
    emails = fields.Nested(EmailsOut)
    contacts = fields.Nested(ContactsOut)
    promises = fields.Nested(PromisesOut)
    payments = fields.Nested(PaymentsOut)
    opt_outs = fields.Nested(OptOutsOut)
    by_day = fields.List(fields.Nested(DayRowOut))
    by_collector = fields.List(fields.Nested(CollectorRowOut))


class BucketOut(Schema):
    bucket = fields.String(metadata={"description": "current, 1-30, 31-60, 61-90 or 90+ days past due"})
    min_days = fields.Integer()
    max_days = fields.Integer(allow_none=True)
    accounts = fields.Integer()
    balance, amount_due = _money(), _money()


MOVE_HELP = {
    "forward": "accounts now in a worse bucket than on the start day",
    "same": "accounts in the same bucket", "back": "accounts now in a better bucket",
    "closed": "accounts no longer owing (paid off, closed or charged off)"}


def _moves() -> dict:
    made = {}
    for move, words in MOVE_HELP.items():
        made[move] = fields.Integer(metadata={"description": words})
        made[f"{move}_rate"] = fields.Float(allow_none=True, metadata={
            "description": f"{move} / accounts; null when there were none"})
    return made


RollFromOut = Schema.from_dict({
    "bucket": fields.String(metadata={"description": "the bucket on the start day"}),
    "accounts": fields.Integer(metadata={"description": "open accounts in it on the start day"}),
    "balance": _money(),  # their balance on the start day
    "to": fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "how many of them are in each bucket now, or closed"}),
    **_moves()}, name="RollFromBucket")

RollRatesOut = Schema.from_dict({
    "since": fields.String(metadata=DAY_HELP),
    "accounts": fields.Integer(metadata={"description": "open accounts in the start day's snapshot"}),
    "from": fields.List(fields.Nested(RollFromOut)),
    **_moves()}, name="RollRates")


class PortfolioOut(Schema):
    collector = fields.Integer(allow_none=True)
    buckets = fields.List(fields.Nested(BucketOut))
    accounts = fields.Integer()
    balance, amount_due = _money(), _money()
    roll_rates = fields.Nested(RollRatesOut, allow_none=True, metadata={
        "description": "How the start day's accounts moved between buckets since (docs/reports.md); "
                       "null when no snapshot exists for that day"})
    roll_rates_note = fields.String(allow_none=True, metadata={"description": "Why roll_rates is null"})
