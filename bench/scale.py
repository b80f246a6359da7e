"""How the busiest reads scale: the account page, the timeline filter, the accounts search and
the worklist at 1,000 accounts and at 50,000 accounts with 1,000,000 messages and activities.

Both databases are built side by side on PostgreSQL, then each read is timed on both, in
alternation, and the ratio large/small is printed (goal: at most 2x).

    python bench/scale.py                      # 1,000 vs 50,000 accounts (about 2 minutes to build)
    python bench/scale.py --small 200 --large 5000 --rows-per-account 10   # a quick look
"""
import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from common import bench_users, fill_in_batches, migrated_app, side_by_side
from sqlalchemy import insert

from models import Account, Activity, Conversation, Message, Phone, Promise

TYPES = ["call", "sms", "email", "note", "promise", "payment"]
NAMES = ["Garcia", "Johnson", "Williams", "Martinez", "Brown", "Davis", "Lopez", "Wilson", "Moore", "Taylor"]


def build(url: str, accounts: int, rows_per_account: int):
    """Migrate and fill one database; returns the app bound to it and a collector's token."""
    from desk.users.tokens import new_token

    app = migrated_app(url)
    with app.app_context():
        users = bench_users(10, "c")
        token = new_token(users[0])
        user_ids = [u.id for u in users]
        rng = random.Random(1)
        fill_in_batches(accounts, lambda conn, ids: _fill(conn, ids, rows_per_account, user_ids, rng),
                        tables=("accounts", "conversations"))
    return app, token


def _fill(conn, ids: range, rows_per_account: int, user_ids: list[int], rng: random.Random) -> None:
    now = datetime.now(UTC)
    today = date.today()
    conn.execute(insert(Account), [{
        "id": i, "number": f"N{i:07d}", "first_name": f"F{i % 997}", "last_name": f"{NAMES[i % 10]}{i % 101}",
        "timezone": "America/Chicago", "days_past_due": i % 90, "status": "delinquent",
        "assigned_to_id": user_ids[i % len(user_ids)], "created_at": now, "updated_at": now,
        "balance": 1000, "amount_due": 250} for i in ids])
    conn.execute(insert(Phone), [{"account_id": i, "number": f"+1214{i:07d}", "label": "mobile"} for i in ids])
    conn.execute(insert(Conversation), [{"id": i, "account_id": i, "phone_number": f"+1214{i:07d}",
                                         "created_at": now, "unread_count": 0, "ambiguous": False} for i in ids])
    half = rows_per_account // 2
    conn.execute(insert(Activity), [{
        "account_id": i, "type": TYPES[k % 6], "notes": "bench", "created_at": now - timedelta(hours=k),
        "assigned_to_id": user_ids[i % len(user_ids)],
        "follow_up_on": today - timedelta(days=rng.randrange(0, 30)) if k == 0 and i % 7 == 0 else None,
    } for i in ids for k in range(half)])
    conn.execute(insert(Message), [{
        "conversation_id": i, "account_id": i, "direction": "outbound" if k % 2 else "inbound",
        "from_number": "+15005550006", "to_number": f"+1214{i:07d}", "body": "bench", "status": "delivered",
        "segments": 1, "encoding": "GSM-7", "created_at": now - timedelta(hours=k), "updated_at": now,
        "stop_request_flagged": False, "send_attempts": 0} for i in ids for k in range(rows_per_account - half)])
    conn.execute(insert(Promise), [{
        "account_id": i, "amount": 100, "due_on": today - timedelta(days=3), "status": "broken",
        "assigned_to_id": user_ids[(i // 5) % len(user_ids)], "created_at": now - timedelta(days=9),
        "resolved_at": now - timedelta(days=2)} for i in ids if i % 5 == 0])  # spread over everyone


def reads(accounts: int) -> dict:
    """The requests to time; each picks a random account from the database's range."""
    pick = lambda: random.randrange(1, accounts + 1)  # noqa: E731
    return {
        "account page": lambda: f"/accounts/{pick()}",
        "timeline filter": lambda: f"/api/v1/accounts/{pick()}/activities?type=call,sms",
        "accounts search": lambda: f"/api/v1/accounts?q={random.choice(NAMES).lower()[:4]}{random.randrange(101)}",
        "worklist": lambda: "/api/v1/worklist",
    }


def time_one(app, token: str, path: str) -> float:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1"
        session["_fresh"] = True
    started = time.perf_counter()
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--rows-per-account", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    with side_by_side((args.small, args.large), "desk_bench_scale",
                      lambda url, size: build(url, size, args.rows_per_account)) as built:
        print(f"\n{'read':<18}{'small ms':>10}{'large ms':>10}{'ratio':>8}")
        for label in reads(1):
            samples = {size: [] for size in built}
            for _ in range(args.repeat):
                for size, (app, token) in built.items():  # alternate, so drift hits both
                    samples[size].append(time_one(app, token, reads(size)[label]()))
            small, large = (statistics.median(samples[s]) * 1000 for s in (args.small, args.large))
            print(f"{label:<18}{small:>10.2f}{large:>10.2f}{large / small:>8.2f}", flush=True)

if __name__ == "__main__":
    main()
