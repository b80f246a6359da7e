"""The days-past-due buckets the portfolio is cut into, worst last, and which accounts count."""
from sqlalchemy import case

from models import Account

BUCKETS = (("current", 0, 0), ("1-30", 1, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, None))
NAMES = tuple(name for name, _low, _high in BUCKETS)
RANK = {name: rank for rank, name in enumerate(NAMES)}  # a higher rank is a worse bucket
CLOSED = ("paid_off", "closed", "charged_off")  # accounts no longer owing: outside the portfolio


def bucket_of(days_past_due=Account.days_past_due):
    """The bucket name of a days-past-due column, as an SQL expression."""
    return case(*((days_past_due <= high, name) for name, _low, high in BUCKETS if high is not None),
                else_="90+")


def is_open():
    """Accounts still owing: in the portfolio."""
    return Account.status.not_in(CLOSED)


def bucket_name(days_past_due: int) -> str:
    """The bucket of a number of days past due (bucket_of in Python)."""
    return next(name for name, _low, high in BUCKETS if high is None or days_past_due <= high)
