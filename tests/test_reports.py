"""The reports: a known month of activity (November 2026, New York time) checked figure by
figure, each figure also recomputed in Python from the raw rows; the period's bounds in the
dealer's zone (DST ends on its first day); who may see which numbers; bad periods."""
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from desk.extensions import db
from models import (
    Account,
    Activity,
    Allocation,
    Call,
    ConsentEvent,
    Conversation,
    Disposition,
    Email,
    Message,
    Payment,
    Promise,
    User,
)

ZONE = ZoneInfo("America/New_York")
NOV = "from=2026-11-01&to=2026-11-30"


def local(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A moment in New York, as UTC."""
    year = 2026
    return datetime(year, month, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


DEC1_0030 = local(1, 0, 30, month=12)  # the first half hour after the period
OCT31_2350 = local(31, 23, 50, month=10)  # EDT: 03:50 UTC on November 1, still October here


# A known month ---------------------------------------------------------------------------------

def _accounts(users) -> dict:
    from desk.accounts.records import create_account

    made = {}
    for key, assignee in (("a1", users["collector"]), ("a2", users["other"]), ("a3", None)):
        made[key] = create_account({
            "number": f"R-{key}", "first_name": "Pat", "last_name": key.upper(), "balance": Decimal("5000.00"),
            "amount_due": Decimal("300.00"), "days_past_due": {"a1": 0, "a2": 45, "a3": 120}[key],
            "status": "delinquent", "phones": [{"number": f"+1214555010{len(made)}", "label": "mobile"}],
            "assigned_to": db.session.get(User, assignee) if assignee else None})
    db.session.flush()
    return made


def _calls(acc, c, o) -> None:
    def call(who, at, account, **kw):
        values = {"account_id": acc[account].id, "collector_id": who, "direction": "outbound", "via": "phone",
                  "status": "completed", "customer_sid": "CA" + "1" * 32 if kw.get("customer_status") else None,
                  "created_at": at, **kw}
        db.session.add(Call(**values))

    call(c, local(2, 10), "a1", customer_status="completed", talk_seconds=120)
    call(c, local(2, 11), "a1", customer_status="no-answer", talk_seconds=0)
    call(c, local(30, 23, 30), "a1", customer_status="completed", talk_seconds=60)  # last half hour: counts
    call(c, DEC1_0030, "a1", customer_status="completed", talk_seconds=500)  # next day: does not
    call(c, OCT31_2350, "a1", customer_status="completed", talk_seconds=700)  # the day before: does not
    call(c, local(3, 9), "a1", status="no-answer")  # the collector missed it: nobody dialled
    call(o, local(10, 15), "a2", customer_status="in-progress", talk_seconds=30)
    call(c, local(5, 12), "a1", direction="inbound", via="inbound", customer_status="completed", talk_seconds=90)


def _texts(acc, c, o) -> None:
    convo = Conversation(account_id=acc["a1"].id, phone_number="+12145550100")
    db.session.add(convo)
    db.session.flush()

    def text(who, at, status, code=None, direction="outbound"):
        db.session.add(Message(conversation_id=convo.id, account_id=acc["a1"].id, direction=direction,
                               from_number="+15005550006", to_number="+12145550100", status=status,
                               error_code=code, sent_by_id=who, created_at=at))

    for n, (status, code) in enumerate((("delivered", None), ("read", None), ("undelivered", 30003),
                                        ("failed", 30005), ("failed", 30005), ("sent", None))):
        text(c, local(4 + n, 14), status, code)
    text(o, local(12, 9), "delivered")
    text(None, local(12, 10), "received", direction="inbound")
    text(c, DEC1_0030, "failed", 30007)


def _emails(acc, c, o) -> None:
    def email(who, at, status):
        n = db.session.execute(select(db.func.count(Email.id))).scalar()
        db.session.add(Email(account_id=acc["a1"].id, to_address="pat@example.com", subject="Hello", text_body="Hi",
                             status=status, message_id=f"<m{n}@test>", sent_by_id=who, created_at=at,
                             sent_at=at if status == "sent" else None))
        db.session.flush()

    email(c, local(6, 10), "sent")
    email(c, local(6, 11), "queued")
    email(c, local(6, 12), "failed")
    email(o, local(1, 0, 10), "sent")  # 00:10 EDT on the first day: counts
    email(o, OCT31_2350, "sent")


def _activities(acc, c, o) -> None:
    names = {d.name: d.id for d in db.session.execute(select(Disposition)).scalars()}

    def activity(who, at, account, disposition=None, kind="call"):
        db.session.add(Activity(account_id=acc[account].id, type=kind, created_by_id=who, created_at=at,
                                disposition_id=names[disposition] if disposition else None))

    activity(c, local(2, 10, 5), "a1", "Spoke to Customer")
    activity(c, local(2, 11, 5), "a1", "No Answer")
    activity(c, local(3, 16), "a2", "Promise to Pay")
    activity(o, local(10, 15, 5), "a2", "Refused to Pay")
    activity(None, local(11, 8), "a3", kind="system")  # the desk's own entry: nobody's work
    activity(o, DEC1_0030, "a3", "Spoke to Customer")


def _money(acc, users) -> None:
    """Promises and payments through the desk's own verbs, each on the day it happened; the rows
    are then dated where the month puts them."""
    from desk.collections.payments import record_payment, reverse_payment
    from desk.collections.promises import add_promise, cancel_promise, evaluate_due

    c, o, admin = (db.session.get(User, users[k]) for k in ("collector", "other", "admin"))

    def promise(who, account, amount, due, taken):
        made = add_promise(acc[account], {"amount": Decimal(amount), "due_on": due}, who, today=taken.date())
        made.created_at = taken
        return made

    def pay(account, amount, paid_on, source, who=None):
        made = record_payment(acc[account], {"amount": Decimal(amount), "paid_on": paid_on}, who, source,
                              today=paid_on)
        made.created_at = local(paid_on.day, 12, month=paid_on.month)
        return made

    promise(c, "a1", "100.00", date(2026, 11, 10), local(3, 16))  # kept by the payment of the 9th
    p2 = promise(c, "a1", "50.00", date(2026, 11, 12), local(4, 9))  # broken: its payment was reversed
    pay("a1", "100.00", date(2026, 11, 9), "console", c)
    returned = pay("a1", "30.00", date(2026, 11, 12), "console", c)
    reverse_payment(returned, "NSF", admin, today=date(2026, 11, 14))
    returned.reversed_at = local(14, 10)
    p4 = promise(o, "a2", "40.00", date(2026, 11, 25), local(15, 10))
    promise(o, "a2", "60.00", date(2026, 11, 20), local(16, 10))  # kept by the import of the 18th
    pay("a2", "60.00", date(2026, 11, 18), "import")
    cancel_promise(p4, "Customer will pay at the lot", o)
    evaluate_due(today=date(2026, 11, 20))
    promise(c, "a2", "75.00", date(2026, 12, 10), local(20, 10))  # pending, $25 paid toward it
    pay("a2", "25.00", date(2026, 11, 21), "api")
    pay("a3", "10.00", date(2026, 11, 30), "pay_link")
    pay("a1", "5.00", date(2026, 12, 1), "console")  # December: not in the period
    promise(c, "a1", "20.00", date(2026, 12, 20), DEC1_0030)
    assert p2.status == "broken"


def _opt_outs(acc) -> None:
    def event(channel, action, at, account="a1"):
        db.session.add(ConsentEvent(channel=channel, action=action, how="test", created_at=at,
                                    account_id=acc[account].id if account else None,
                                    phone_number="+12145550100"))

    event("sms", "opt_out", local(5, 10))
    event("call", "opt_out", local(6, 10), "a2")
    event("email", "opt_out", local(7, 10))
    event("sms", "opt_in", local(8, 10))
    event("sms", "opt_out", local(9, 10), None)  # a number on no account: the lot's only
    event("sms", "opt_out", DEC1_0030)


@pytest.fixture
def month(app, users):
    """November 2026 of a small lot: a1 is the collector's, a2 the other collector's, a3 nobody's."""
    with app.app_context():
        acc = _accounts(users)
        _calls(acc, users["collector"], users["other"])
        _texts(acc, users["collector"], users["other"])
        _emails(acc, users["collector"], users["other"])
        _activities(acc, users["collector"], users["other"])
        _money(acc, users)
        _opt_outs(acc)
        db.session.commit()
        return {key: account.id for key, account in acc.items()}


# Known figures ----------------------------------------------------------------------------------

def test_the_lot_s_month_figure_by_figure(admin_api, month):
    got = admin_api.get(f"/api/v1/reports/summary?{NOV}").get_json()
    assert got["period"] == {"from": "2026-11-01", "to": "2026-11-30", "zone": "America/New_York"}
    assert got["calls"] == {"attempts": 4, "answered": 3, "talk_seconds": 210}
    assert got["texts"] == {"sent": 7, "delivered": 3, "undelivered": 1, "failed": 2, "delivery_rate": 0.5,
                            "failures": [
                                {"code": 30005, "count": 2,
                                 "explanation": "The number is unknown or no longer in service."},
                                {"code": 30003, "count": 1,
                                 "explanation": "The phone is unreachable: switched off or out of coverage."}]}
    assert got["emails"] == {"sent": 2}
    assert got["contacts"] == {"right_party": 3, "rate": 0.75, "accounts_worked": 2}
    assert got["promises"] == {
        "taken_count": 5, "taken_amount": "325.00", "kept_count": 2, "kept_amount": "160.00",
        "broken_count": 1, "broken_amount": "50.00", "pending_count": 1, "pending_amount": "75.00",
        "cancelled_count": 1, "cancelled_amount": "40.00", "kept_rate": 0.6667, "kept_rate_amount": 0.7619,
        "paid_amount": "185.00"}
    assert got["payments"] == {
        "count": 5, "amount": "225.00", "reversed_count": 1, "reversed_amount": "30.00",
        "by_source": {"console": {"count": 2, "amount": "130.00"}, "api": {"count": 1, "amount": "25.00"},
                      "import": {"count": 1, "amount": "60.00"}, "pay_link": {"count": 1, "amount": "10.00"}}}
    assert got["opt_outs"] == {"sms": 2, "call": 1, "email": 1}


def test_by_collector_and_by_day(admin_api, users, month):
    got = admin_api.get(f"/api/v1/reports/summary?{NOV}").get_json()
    rows = {row["name"]: row for row in got["by_collector"]}
    assert set(rows) == {"Cole Collector", "Olive Other"}
    cole, olive = rows["Cole Collector"], rows["Olive Other"]
    assert (cole["call_attempts"], cole["calls_answered"], cole["talk_seconds"]) == (3, 2, 180)
    assert (cole["texts_sent"], cole["emails_sent"], cole["right_party"], cole["accounts_worked"]) == (6, 1, 2, 2)
    assert (cole["promises_taken"], cole["promised_amount"], cole["promised_paid"]) == (3, "225.00", "125.00")
    assert (cole["payments"], cole["payments_amount"], cole["reversals"]) == (2, "130.00", 1)
    assert (cole["opt_outs_sms"], cole["opt_outs_email"], cole["contact_rate"]) == (1, 1, 0.6667)
    assert (olive["call_attempts"], olive["emails_sent"], olive["right_party"], olive["contact_rate"]) == (1, 1, 1, 1.0)
    assert (olive["promises_taken"], olive["promises_kept"], olive["promises_cancelled"]) == (2, 1, 1)
    assert (olive["payments"], olive["payments_amount"], olive["opt_outs_call"]) == (2, "85.00", 1)
    days = {row["day"]: row for row in got["by_day"]}
    assert len(days) == 30 and got["by_day"][0]["day"] == "2026-11-01"
    assert days["2026-11-01"]["emails_sent"] == 1
    assert (days["2026-11-02"]["call_attempts"], days["2026-11-02"]["calls_answered"]) == (2, 1)
    assert days["2026-11-30"]["call_attempts"] == 1 and days["2026-11-30"]["payments_pay_link"] == 1
    assert days["2026-11-14"]["reversals"] == 1 and days["2026-11-09"]["payments_amount"] == "100.00"


def test_the_period_is_whole_days_in_the_dealer_s_zone(admin_api, month):
    """23:30 on the last day counts and 00:30 the next day does not; on the first day (DST ends
    that night) 00:10 counts and 23:50 the evening before does not."""
    last = admin_api.get("/api/v1/reports/summary?from=2026-11-30&to=2026-11-30").get_json()
    assert last["calls"]["attempts"] == 1 and last["calls"]["talk_seconds"] == 60
    december = admin_api.get("/api/v1/reports/summary?from=2026-12-01&to=2026-12-01").get_json()
    assert december["calls"]["talk_seconds"] == 500 and december["opt_outs"]["sms"] == 1
    assert december["promises"]["taken_count"] == 1 and december["payments"]["count"] == 1
    first = admin_api.get("/api/v1/reports/summary?from=2026-11-01&to=2026-11-01").get_json()
    assert first["emails"]["sent"] == 1 and first["calls"]["attempts"] == 0
    october = admin_api.get("/api/v1/reports/summary?from=2026-10-31&to=2026-10-31").get_json()
    assert october["emails"]["sent"] == 1 and october["calls"]["talk_seconds"] == 700


def test_each_moment_falls_on_its_local_day_over_a_year(app, admin_api, users, month):
    """The day a row is counted on (Period.day_of's CASE over the days' bounds) is its local day
    in New York, for moments either side of every midnight of a year spanning both DST changes."""
    import random
    from datetime import timedelta

    rng = random.Random(3)
    start = date(2026, 1, 1)
    moments = []
    for offset in sorted(rng.sample(range(365), 40)) + [66, 67, 305, 306]:  # March 8 and November 1
        day = start + timedelta(days=offset)
        midnight = datetime(day.year, day.month, day.day, tzinfo=ZONE).astimezone(UTC)
        moments += [midnight, midnight - timedelta(seconds=1), midnight + timedelta(hours=rng.randrange(24))]
    with app.app_context():
        db.session.add_all(Email(account_id=month["a1"], to_address="pat@example.com", subject="Hi", text_body="Hi",
                                 status="sent", sent_by_id=users["collector"], message_id=f"<y{i}@test>",
                                 created_at=at, sent_at=at) for i, at in enumerate(moments))
        db.session.commit()
        stored = db.session.execute(select(Email.sent_at).where(Email.status == "sent")).scalars().all()
    got = admin_api.get("/api/v1/reports/summary?from=2026-01-01&to=2027-01-01").get_json()
    expected = Counter(at.astimezone(ZONE).date().isoformat() for at in stored
                       if _inside(at, date(2026, 1, 1), date(2027, 1, 1)))
    assert {row["day"]: row["emails_sent"] for row in got["by_day"] if row["emails_sent"]} == dict(expected)


# Every figure again, from the raw rows -----------------------------------------------------------

def _inside(moment, start: date, end: date) -> bool:
    return moment is not None and start <= moment.astimezone(ZONE).date() <= end


def recompute(start: date, end: date, who: int | None = None) -> dict:
    """The summary's totals worked out in Python from every stored row."""
    rows = {model: db.session.execute(select(model)).scalars().all()
            for model in (Call, Message, Email, Activity, Promise, Payment, ConsentEvent, Allocation, Account)}
    owner = {a.id: a.assigned_to_id for a in rows[Account]}

    def mine(user_id) -> bool:
        return who is None or user_id == who

    reached = {d.id for d in db.session.execute(select(Disposition)).scalars() if d.reached}
    calls = [c for c in rows[Call] if c.direction == "outbound" and _inside(c.created_at, start, end)
             and not (c.status in ("busy", "no-answer", "failed", "canceled") and c.customer_sid is None)
             and mine(c.collector_id)]
    texts = [m for m in rows[Message] if m.direction == "outbound" and _inside(m.created_at, start, end)
             and mine(m.sent_by_id)]
    status = Counter("delivered" if m.status in ("delivered", "read") else m.status for m in texts)
    acts = [a for a in rows[Activity]
            if a.created_by_id and _inside(a.created_at, start, end) and mine(a.created_by_id)]
    promises = [p for p in rows[Promise] if _inside(p.created_at, start, end) and mine(p.created_by_id)]
    paid = Counter()
    for allocation in rows[Allocation]:
        if allocation.released_at is None:
            paid[allocation.promise_id] += allocation.amount
    payments = [p for p in rows[Payment] if start <= p.paid_on <= end and mine(owner[p.account_id])]
    reversed_ = [p for p in rows[Payment] if _inside(p.reversed_at, start, end) and mine(owner[p.account_id])]
    opt_outs = Counter(e.channel for e in rows[ConsentEvent] if e.action == "opt_out"
                       and _inside(e.created_at, start, end) and mine(owner.get(e.account_id)))

    def amount(items, **where):
        return str(sum((p.amount for p in items if all(getattr(p, k) == v for k, v in where.items())), Decimal("0.00")))

    return {
        "calls": {"attempts": len(calls),
                  "answered": sum(c.customer_status in ("in-progress", "completed") for c in calls),
                  "talk_seconds": sum(c.talk_seconds or 0 for c in calls)},
        "texts": (len(texts), status["delivered"], status["undelivered"], status["failed"]),
        "emails": sum(1 for e in rows[Email] if e.status == "sent" and _inside(e.sent_at, start, end)
                      and mine(e.sent_by_id)),
        "contacts": (sum(a.disposition_id in reached for a in acts), len({a.account_id for a in acts})),
        "promises": {s: (sum(p.status == s for p in promises), amount(promises, status=s))
                     for s in ("kept", "broken", "pending", "cancelled")},
        "promised": (len(promises), amount(promises), str(sum((paid[p.id] for p in promises), Decimal("0.00")))),
        "payments": (len(payments), amount(payments), {s: (sum(p.source == s for p in payments),
                                                           amount(payments, source=s))
                                                       for s in ("console", "api", "import", "pay_link")}),
        "reversed": (len(reversed_), amount(reversed_)),
        "opt_outs": {c: opt_outs[c] for c in ("sms", "call", "email")},
    }


def as_recomputed(got: dict) -> dict:
    """The API's answer in recompute()'s shape."""
    t, p, pay = got["texts"], got["promises"], got["payments"]
    return {
        "calls": got["calls"], "texts": (t["sent"], t["delivered"], t["undelivered"], t["failed"]),
        "emails": got["emails"]["sent"],
        "contacts": (got["contacts"]["right_party"], got["contacts"]["accounts_worked"]),
        "promises": {s: (p[f"{s}_count"], p[f"{s}_amount"]) for s in ("kept", "broken", "pending", "cancelled")},
        "promised": (p["taken_count"], p["taken_amount"], p["paid_amount"]),
        "payments": (pay["count"], pay["amount"], {s: (v["count"], v["amount"]) for s, v in pay["by_source"].items()}),
        "reversed": (pay["reversed_count"], pay["reversed_amount"]),
        "opt_outs": got["opt_outs"],
    }


@pytest.mark.parametrize("first,last", [(date(2026, 11, 1), date(2026, 11, 30)),
                                        (date(2026, 11, 30), date(2026, 12, 1)),
                                        (date(2026, 10, 25), date(2026, 11, 14))])
@pytest.mark.parametrize("who", [None, "collector", "other"])
def test_every_figure_matches_the_raw_rows(app, admin_api, users, month, first, last, who):
    collector = users[who] if who else None
    query = f"from={first}&to={last}" + (f"&collector={collector}" if collector else "")
    got = admin_api.get(f"/api/v1/reports/summary?{query}").get_json()
    with app.app_context():
        assert as_recomputed(got) == recompute(first, last, collector)


def test_each_day_adds_up_to_the_period(admin_api, month):
    got = admin_api.get(f"/api/v1/reports/summary?{NOV}").get_json()
    for name, total in (("call_attempts", got["calls"]["attempts"]), ("texts_sent", got["texts"]["sent"]),
                        ("right_party", got["contacts"]["right_party"]), ("payments", got["payments"]["count"]),
                        ("promises_taken", got["promises"]["taken_count"])):
        assert sum(row[name] for row in got["by_day"]) == total, name
    assert sum(Decimal(row["payments_amount"]) for row in got["by_day"]) == Decimal(got["payments"]["amount"])


# The portfolio --------------------------------------------------------------------------------------

def test_the_portfolio_by_days_past_due(admin_api, api, users, month):
    got = admin_api.get("/api/v1/reports/portfolio").get_json()
    buckets = {b["bucket"]: b for b in got["buckets"]}
    assert [b["bucket"] for b in got["buckets"]] == ["current", "1-30", "31-60", "61-90", "90+"]
    assert {name: b["accounts"] for name, b in buckets.items()} == {
        "current": 1, "1-30": 0, "31-60": 1, "61-90": 0, "90+": 1}
    assert got["accounts"] == 3 and got["roll_rates"] is None
    assert Decimal(got["balance"]) == sum(Decimal(b["balance"]) for b in got["buckets"])
    own = api.get(f"/api/v1/reports/portfolio?collector={users['collector']}").get_json()
    assert own["accounts"] == 1 and own["buckets"][0]["accounts"] == 1


# Who sees what -------------------------------------------------------------------------------------

def test_a_collector_sees_the_lot_s_totals_and_their_own_row(api, admin_api, users, month):
    lot = api.get(f"/api/v1/reports/summary?{NOV}").get_json()
    assert lot["calls"]["attempts"] == 4  # the lot's totals
    assert [row["collector_id"] for row in lot["by_collector"]] == [users["collector"]]
    own = api.get(f"/api/v1/reports/summary?{NOV}&collector={users['collector']}").get_json()
    assert own["calls"]["attempts"] == 3 and own["collector"] == users["collector"]
    assert own == admin_api.get(f"/api/v1/reports/summary?{NOV}&collector={users['collector']}").get_json()


def test_a_collector_may_not_see_another_collector(api, admin_api, users, month):
    refused = api.get(f"/api/v1/reports/summary?{NOV}&collector={users['other']}")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert api.get(f"/api/v1/reports/portfolio?collector={users['other']}").status_code == 403
    olive = admin_api.get(f"/api/v1/reports/summary?{NOV}&collector={users['other']}").get_json()
    assert olive["calls"]["attempts"] == 1
    assert [row["name"] for row in olive["by_collector"]] == ["Olive Other"]


def test_reports_need_a_login(client, users):
    assert client.get(f"/api/v1/reports/summary?{NOV}").status_code == 401
    assert client.get("/api/v1/reports/portfolio").status_code == 401


@pytest.mark.parametrize("query,field", [
    ("to=2026-11-30", "from"),
    ("from=2026-11-01", "to"),
    ("from=2026-13-01&to=2026-11-30", "from"),
    ("from=yesterday&to=2026-11-30", "from"),
    ("from=2026-11-30&to=2026-11-01", "to"),
    ("from=2025-11-01&to=2026-11-30", "to"),
    ("from=2026-11-01&to=2026-11-30&collector=0", "collector"),
    ("from=2026-11-01&to=2026-11-30&collector=abc", "collector"),
    ("from=2026-11-01&to=2026-11-30&collector=999999", "collector"),
])
def test_a_bad_period_is_a_422_naming_the_field(admin_api, query, field):
    answer = admin_api.get(f"/api/v1/reports/summary?{query}")
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["fields"]


def test_a_year_is_the_longest_period(admin_api):
    assert admin_api.get("/api/v1/reports/summary?from=2024-01-01&to=2024-12-31").status_code == 200
    assert admin_api.get("/api/v1/reports/summary?from=2024-01-01&to=2025-01-01").status_code == 422


def test_the_reports_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    summary = paths["/reports/summary"]["get"]
    assert {p["name"] for p in summary["parameters"]} >= {"from", "to", "collector"}
    assert "403" in summary["responses"] and "/reports/portfolio" in paths


# The Dashboard's own routes (the page itself is driven in Chromium: tests/browser/test_dashboard.py)

@pytest.mark.parametrize("query,field", [
    ("range=custom&from=2026-11-01&to=soon", "to"),
    ("range=custom&from=&to=2026-11-30", "from"),
    ("range=custom&from=2026-11-30&to=2026-11-01", "to"),
    ("range=fortnight", "range"),
    ("range=30&collector=x", "collector"),
    ("range=30&collector=99999999999999999", "collector"),
    ("range=custom&to=2026-11-30", "from"),
    ("range=30&sort=phone", "sort"),
    ("range=30&dir=up", "dir"),
])
def test_a_bad_dashboard_period_is_a_422_naming_the_field(client, auth, query, field):
    auth.login("admin@test.local")
    answer = client.get(f"/dashboard?{query}")
    assert answer.status_code == 422
    assert f"{field}:" in answer.get_data(as_text=True)


def test_the_csv_exports_hold_the_api_s_rows(client, auth, admin_api, users, month):
    auth.login("admin@test.local")
    query = "range=custom&from=2026-11-01&to=2026-11-30"
    by_day = client.get(f"/dashboard/by-day.csv?{query}")
    assert by_day.mimetype == "text/csv" and "attachment" in by_day.headers["Content-Disposition"]
    lines = by_day.get_data(as_text=True).splitlines()
    assert len(lines) == 31 and lines[0].startswith("day,call_attempts,calls_answered,talk_seconds")
    assert lines[2].startswith("2026-11-02,2,1,120,")
    by_collector = client.get(f"/dashboard/by-collector.csv?{query}&sort=call_attempts&dir=desc")
    rows = by_collector.get_data(as_text=True).splitlines()
    assert rows[1].startswith(f"{users['collector']},Cole Collector,3,2,180,")


def test_a_named_period_ignores_the_day_boxes(client, auth, users):
    auth.login("admin@test.local")
    assert client.get("/dashboard?range=7&from=soon&to=").status_code == 200


def test_a_collector_cannot_export_another_collector(client, auth, users):
    auth.login()
    assert client.get(f"/dashboard/by-day.csv?range=7&collector={users['other']}").status_code == 403
    assert client.get(f"/dashboard?range=7&collector={users['other']}").status_code == 403


def test_a_spreadsheet_formula_is_not_exported_as_one():
    from desk.reports.export import cell

    assert cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert cell("Cole") == "Cole" and cell(None) == "" and cell(-3) == "-3"
