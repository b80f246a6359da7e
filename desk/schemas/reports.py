"""What the reports read (period, collector) and answer."""
from marshmallow import EXCLUDE, Schema, fields

from desk.reports.summary import NAMES
from desk.schemas.fields import Checked, Day, RowId

MONEY_HELP = {"description": "Dollars with two decimals, as a string"}
RATE_HELP = {"description": "From 0 to 1; null when nothing to divide by"}


class PortfolioArgs(Checked):
    class Meta:
        unknown = EXCLUDE

    collector = RowId(load_default=None, metadata={
        "description": "Narrow every figure to one collector (admins; a collector may name only themself)"})


class SummaryArgs(PortfolioArgs):
    from_ = Day(required=True, data_key="from", metadata={"description": "First day, in the dealer's time zone"})
    to = Day(required=True, metadata={"description": "Last day (inclusive); at most 366 days after from"})


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


class PortfolioOut(Schema):
    collector = fields.Integer(allow_none=True)
    buckets = fields.List(fields.Nested(BucketOut))
    accounts = fields.Integer()
    balance, amount_due = _money(), _money()
    roll_rates = fields.Raw(allow_none=True, metadata={
        "description": "Always null: the desk keeps days past due as of now only (docs/reports.md)"})
