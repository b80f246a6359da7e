"""The orders the account lists (accounts, worklist) can be read in, each keyset-paged.

`sort` is a column name, `-` in front for descending: name, phone, balance, amount_due,
days_past_due, local_time, last_contact. Every order ends with the account id so a page's last
row is a unique cursor. The customer's local time sorts by their zone's offset from UTC now
(later clocks last); the offsets are read for the zones the accounts use when the page is asked
for, so a cursor made before a daylight-saving change may skip or repeat a row at that edge.
"""
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, literal, select

from desk import paging
from desk.errors import Invalid
from desk.extensions import db
from models import Account, Activity, Phone
from models.base import UTCDateTime

CONTACT_TYPES = ("call", "sms", "email")  # what counts as contact with the customer
NEVER = datetime(1900, 1, 1, tzinfo=UTC)  # the last contact of an account never contacted
SORTS = ("name", "phone", "balance", "amount_due", "days_past_due", "local_time", "last_contact")
SORT_CHOICES = tuple(s for name in SORTS for s in (name, f"-{name}"))


@dataclass(frozen=True)
class Order:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def parse_sort(value: str | None, default: str = "name") -> Order:
    """The order a `sort` parameter names; anything else is a 422 naming `sort`."""
    value = (value or "").strip() or default
    if value not in SORT_CHOICES:
        raise Invalid(f"Unknown sort {value[:40]!r}.",
                      {"sort": [f"One of: {', '.join(SORT_CHOICES)}."]})
    return Order(value.lstrip("-"), value.startswith("-"))


def primary_phone():
    """The account's first mobile, else its first phone (Account.primary_mobile), in SQL."""
    return func.coalesce(select(Phone.number).where(Phone.account_id == Account.id)
                         .order_by(case((Phone.label == "mobile", 0), else_=1), Phone.id)
                         .limit(1).scalar_subquery(), "")


def last_contact_at():
    """When the customer was last contacted (NEVER if not), read from the activities index."""
    latest = select(func.max(Activity.created_at)).where(
        Activity.account_id == Account.id, Activity.type.in_(CONTACT_TYPES)).scalar_subquery()
    return func.coalesce(latest, literal(NEVER, UTCDateTime()), type_=UTCDateTime())


def utc_offset_minutes():
    """The accounts' zones' offsets from UTC now, as a CASE over the zones in use."""
    now = datetime.now(UTC)
    zones = db.session.execute(select(Account.timezone).distinct()).scalars().all()
    offsets = {zone: int(now.astimezone(ZoneInfo(zone)).utcoffset().total_seconds() // 60)
               for zone in zones if zone}
    return case(offsets, value=Account.timezone, else_=0) if offsets else literal(0)


def columns(order: Order) -> tuple[list, list]:
    """The SQL expressions to order by, and the cursor kinds that read their values back."""
    expressions = {
        "name": ([Account.last_name, Account.first_name], [paging.text, paging.text]),
        "phone": ([primary_phone()], [paging.text]),
        "balance": ([Account.balance], [paging.decimal]),
        "amount_due": ([Account.amount_due], [paging.decimal]),
        "days_past_due": ([Account.days_past_due], [paging.whole]),
        "local_time": ([utc_offset_minutes()], [paging.whole]),
        "last_contact": ([last_contact_at()], [paging.instant]),
    }
    found, kinds = expressions[order.key]
    return [*found, Account.id], [*kinds, paging.whole]


def sorted_page(query, order: Order, limit: int, cursor: str | None):
    """A page of `query` (which selects Account first) in `order`, and the next page's cursor."""
    exprs, kinds = columns(order)
    query = query.add_columns(*exprs)
    if cursor:
        query = query.where(paging.after(exprs, paging.decode(cursor, kinds), order.descending))
    ordering = [e.desc() for e in exprs] if order.descending else exprs
    rows = db.session.execute(query.order_by(*ordering).limit(limit + 1)).all()
    next_cursor = paging.encode(list(rows[limit - 1][-len(exprs):])) if len(rows) > limit else None
    return rows[:limit], next_cursor
