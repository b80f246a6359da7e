"""How the work queue scales: POST /api/v1/queue/next for 20 collectors at 1,000 accounts and at
50,000 accounts (each collector holds a twentieth; a broken promise on every fifth account, a
follow-up due on every seventh, an activity today by its collector on every eleventh, five
earlier activities on each; customers in three time zones; contact hours open all day).

Both PostgreSQL databases are built side by side; each sample is one collector asking (round
robin over the 20), timed through the app with a bearer token, then the lease released so the
next ask searches again; small and large alternate. Then the 20 collectors ask at the same
moment on each database (threads released together): the wall time of that round, and a check
that no two got the same account. Goal: large/small at most 2x.

    python bench/queue_next.py                       # 1,000 vs 50,000 accounts
    python bench/queue_next.py --small 200 --large 5000 --repeat 20   # a quick look
"""
import argparse
import random
import statistics
import threading
import time
from datetime import UTC, date, datetime, timedelta

from common import bench_users, fill_in_batches, migrated_app, side_by_side
from sqlalchemy import insert

from desk.extensions import db
from models import Account, Activity, Phone, Promise, QueueLease

COLLECTORS = 20
ZONES = ["America/Chicago", "America/New_York", "America/Los_Angeles"]


def build(url: str, accounts: int):
    """Migrate and fill one database; returns the app and the collectors' tokens."""
    from desk import settings
    from desk.users.tokens import new_token

    app = migrated_app(url)
    with app.app_context():
        settings.change({"contact_hours_start": 0, "contact_hours_end": 24})
        users = bench_users(COLLECTORS, "q")
        tokens = [new_token(user) for user in users]
        db.session.commit()
        user_ids = [u.id for u in users]
        rng = random.Random(1)
        fill_in_batches(accounts, lambda conn, ids: _fill(conn, ids, user_ids, rng))
    return app, tokens


def _fill(conn, ids: range, user_ids: list[int], rng: random.Random) -> None:
    now = datetime.now(UTC)
    today = date.today()
    owner = {i: user_ids[i % len(user_ids)] for i in ids}
    conn.execute(insert(Account), [{
        "id": i, "number": f"N{i:07d}", "first_name": f"F{i}", "last_name": f"L{i}", "timezone": ZONES[i % 3],
        "days_past_due": i % 90, "status": "delinquent", "assigned_to_id": owner[i], "created_at": now,
        "updated_at": now, "balance": 1000, "amount_due": 50 + i % 400} for i in ids])
    conn.execute(insert(Phone), [{"account_id": i, "number": f"+1214555{i % 10000:04d}", "label": "mobile"}
                                 for i in ids])
    conn.execute(insert(Activity), [{
        "account_id": i, "type": "note", "notes": "bench", "created_at": now - timedelta(days=k + 1),
        "created_by_id": owner[i], "assigned_to_id": owner[i],
        "follow_up_on": today - timedelta(days=rng.randrange(0, 30)) if k == 0 and i % 7 == 0 else None,
    } for i in ids for k in range(5)])
    conn.execute(insert(Activity), [{
        "account_id": i, "type": "call", "notes": "today", "created_at": now - timedelta(minutes=5),
        "created_by_id": owner[i]} for i in ids if i % 11 == 0])
    conn.execute(insert(Promise), [{
        "account_id": i, "amount": 100, "due_on": today - timedelta(days=3), "status": "broken",
        "assigned_to_id": owner[i], "created_at": now - timedelta(days=9),
        "resolved_at": now - timedelta(hours=1)} for i in ids if i % 5 == 0])


def ask(app, token: str) -> tuple[float, int | None]:
    client = app.test_client()
    started = time.perf_counter()
    response = client.post("/api/v1/queue/next", json={}, headers={"Authorization": f"Bearer {token}"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, response.json["account"]["id"]


def release_all(app) -> None:
    with app.app_context():
        db.session.execute(QueueLease.__table__.delete())
        db.session.commit()


def together(app, tokens: list[str]) -> tuple[float, int]:
    """All collectors ask at once; the round's wall time and how many distinct accounts."""
    barrier = threading.Barrier(len(tokens))
    got = []

    def run(token):
        barrier.wait()
        got.append(ask(app, token)[1])

    threads = [threading.Thread(target=run, args=(t,)) for t in tokens]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    release_all(app)
    return elapsed, len(set(got))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    with side_by_side((args.small, args.large), "desk_bench_queue", build) as built:
        samples = {size: [] for size in built}
        rounds = {size: [] for size in built}
        for n in range(args.repeat):
            for size, (app, tokens) in built.items():  # alternate, so drift hits both
                samples[size].append(ask(app, tokens[n % COLLECTORS])[0])
                release_all(app)
        for _ in range(max(3, args.repeat // 10)):
            for size, (app, tokens) in built.items():
                elapsed, distinct = together(app, tokens)
                assert distinct == COLLECTORS, f"{distinct} distinct accounts for {COLLECTORS} collectors"
                rounds[size].append(elapsed)
        small, large = args.small, args.large
        print(f"\n{'POST /api/v1/queue/next':<34}{f'{small:,} ms':>12}{f'{large:,} ms':>12}{'ratio':>8}")
        for label, values in (("one collector asking (median)", samples),
                              (f"{COLLECTORS} asking at once (round, median)", rounds)):
            a, b = (statistics.median(values[s]) * 1000 for s in (small, large))
            print(f"{label:<34}{a:>12.2f}{b:>12.2f}{b / a:>8.2f}", flush=True)
        print(f"\n{COLLECTORS} collectors asking at once always got {COLLECTORS} different accounts")

if __name__ == "__main__":
    main()
