"""How the reports scale: GET /api/v1/reports/summary for the last 30 days at 1,000 accounts and
at 50,000 accounts, with the same history per account: over 90 days, 10 activities (a third with
a disposition), 10 outbound texts (each delivery outcome), 2 calls, an email on every fifth
account, a promise on every third and a payment on every fourth; 20 collectors. At 50,000
accounts that is 500,000 activities and 500,000 texts: a million rows a 90-day history spreads
over, a third of them inside the 30 days.

Both PostgreSQL databases are built side by side; small and large alternate. Timed through the
app with a bearer token: the admin's summary of the lot, a collector's own (collector=), and
the portfolio. Goal: large/small within 2x and under 300 ms.

    python bench/reports_summary.py                                  # 1,000 vs 50,000 accounts
    python bench/reports_summary.py --small 200 --large 10000 --repeat 5   # a quick look
"""
import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from common import bench_users, fill_in_batches, migrated_app, side_by_side
from sqlalchemy import insert, select, text

from desk.extensions import db
from models import Account, Activity, Call, Conversation, Disposition, Email, Message, Payment, Promise

COLLECTORS = 20
HISTORY_DAYS = 90
TEXT_STATUSES = [("delivered", None)] * 8 + [("undelivered", 30003), ("failed", 30005)]


def build(url: str, accounts: int):
    from desk.users.tokens import new_token

    app = migrated_app(url)
    with app.app_context():
        users = bench_users(COLLECTORS, "r")
        admin = bench_users(1, "radmin", role="admin")[0]
        tokens = {"admin": new_token(admin), "collector": new_token(users[0]), "collector_id": users[0].id}
        db.session.commit()
        dispositions = db.session.execute(select(Disposition.id)).scalars().all()
        ids = [u.id for u in users]
        rng = random.Random(1)
        fill_in_batches(accounts, lambda conn, batch: _fill(conn, batch, ids, dispositions, rng),
                        tables=("accounts", "conversations"), batch=1000)
        vacuum()
    return app, tokens


def vacuum() -> None:
    """VACUUM ANALYZE, as autovacuum leaves a table in steady state (index-only scans need it)."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def _moment(rng, now):
    return now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400))


def _fill(conn, ids: range, users: list[int], dispositions: list[int], rng) -> None:
    now, today = datetime.now(UTC), date.today()
    owner = {i: users[i % len(users)] for i in ids}
    conn.execute(insert(Account), [{
        "id": i, "number": f"R{i:07d}", "first_name": f"F{i}", "last_name": f"L{i}", "days_past_due": i % 120,
        "status": "delinquent", "assigned_to_id": owner[i], "created_at": now, "updated_at": now,
        "balance": 4000, "amount_due": 50 + i % 400} for i in ids])
    conn.execute(insert(Conversation), [{"id": i, "account_id": i, "phone_number": f"+1214{i:07d}",
                                         "created_at": now} for i in ids])
    conn.execute(insert(Activity), [{
        "account_id": i, "type": "call", "created_by_id": owner[i], "created_at": _moment(rng, now),
        "disposition_id": dispositions[k % len(dispositions)] if k % 3 == 0 else None}
        for i in ids for k in range(10)])
    conn.execute(insert(Message), [{
        "conversation_id": i, "account_id": i, "direction": "outbound", "from_number": "+15005550006",
        "to_number": f"+1214{i:07d}", "status": TEXT_STATUSES[k][0], "error_code": TEXT_STATUSES[k][1],
        "sent_by_id": owner[i], "created_at": (at := _moment(rng, now)), "updated_at": at}
        for i in ids for k in range(10)])
    conn.execute(insert(Call), [{
        "account_id": i, "collector_id": owner[i], "direction": "outbound", "via": "phone", "status": "completed",
        "customer_sid": f"CA{i:016d}{k:016d}", "customer_status": "completed" if k else "no-answer",
        "talk_seconds": 60 * k, "created_at": _moment(rng, now)} for i in ids for k in range(2)])
    conn.execute(insert(Email), [{
        "account_id": i, "to_address": f"c{i}@example.com", "subject": "Hi", "text_body": "Hi", "status": "sent",
        "message_id": f"<r{i}@bench>", "sent_by_id": owner[i], "created_at": (at := _moment(rng, now)),
        "sent_at": at} for i in ids if i % 5 == 0])
    conn.execute(insert(Promise), [{
        "account_id": i, "amount": 100, "due_on": today - timedelta(days=i % 60), "created_by_id": owner[i],
        "assigned_to_id": owner[i], "status": ("kept", "broken", "pending", "cancelled")[i % 4],
        "created_at": _moment(rng, now)} for i in ids if i % 3 == 0])
    conn.execute(insert(Payment), [{
        "account_id": i, "amount": 75, "paid_on": today - timedelta(days=i % HISTORY_DAYS),
        "source": ("console", "api", "import")[i % 3], "created_at": now,
        "reversed_at": now - timedelta(days=1) if i % 40 == 0 else None} for i in ids if i % 4 == 0])


def timed(app, token: str, path: str) -> float:
    client = app.test_client()
    started = time.perf_counter()
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:300])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    today = date.today()
    period = f"from={today - timedelta(days=29)}&to={today}"
    with side_by_side((args.small, args.large), "desk_bench_reports", build) as built:
        cases = {
            "summary, the lot (30 days)": lambda t: ("admin", f"/api/v1/reports/summary?{period}"),
            "summary, one collector": lambda t: ("collector",
                                                 f"/api/v1/reports/summary?{period}&collector={t['collector_id']}"),
            "portfolio, the lot": lambda t: ("admin", "/api/v1/reports/portfolio"),
        }
        samples = {(label, size): [] for label in cases for size in built}
        for app, tokens in built.values():  # one warm-up each
            for case in cases.values():
                who, path = case(tokens)
                timed(app, tokens[who], path)
        for _ in range(args.repeat):
            for label, case in cases.items():
                for size, (app, tokens) in built.items():  # alternate, so drift hits both
                    who, path = case(tokens)
                    samples[(label, size)].append(timed(app, tokens[who], path))
        small, large = args.small, args.large
        print(f"\n{'GET /api/v1/reports (median)':<34}{f'{small:,} ms':>12}{f'{large:,} ms':>12}{'ratio':>8}")
        for label in cases:
            a, b = (statistics.median(samples[(label, s)]) * 1000 for s in (small, large))
            print(f"{label:<34}{a:>12.2f}{b:>12.2f}{b / a:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
