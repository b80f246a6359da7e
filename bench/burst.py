"""Burst of status callbacks: for N sent texts (default 10,000) Twilio's queued, sent and final
(delivered 80% / undelivered 10% / failed 10%) callbacks, 20% of them sent twice, POSTed signed
to the desk under gunicorn on PostgreSQL, in two databases side by side:

1. in order: stage by stage (every queued, then every sent, then every final), repeats right
   after their original;
2. shuffled: the same requests in random order (a final can come before queued).

Afterwards, each side must have one WebhookEvent per request sent, all applied without error,
and every message in the expected final status (with its error code); the shuffled side must
equal the in-order side row for row. Prints time and rate of both.

    python bench/burst.py                       # 10,000 messages, about 36,000 requests a side
    python bench/burst.py --messages 2000 --concurrency 8
    python bench/burst.py --servers 2           # the shuffled side sent to two servers alternately
"""
import argparse
import random
from contextlib import ExitStack

from common import app_config, database, describe, drive, gunicorn, load_average, seed, status_callback
from sqlalchemy import create_engine, text

FINALS = [("delivered", None)] * 8 + [("undelivered", "30003"), ("failed", "30008")]


def plan(sent: list, rng: random.Random, duplicates: float = 0.2) -> tuple[list, dict]:
    """[(stage, message, status, error)] per callback (repeats included) and the expected end."""
    callbacks, expected = [], {}
    for message in sent:
        final, error = rng.choice(FINALS)
        expected[message[0]] = (final, int(error) if error else None)
        for stage, status in enumerate(("queued", "sent", final)):
            copies = 2 if rng.random() < duplicates else 1
            callbacks += [(stage, message, status, error if stage == 2 else None)] * copies
    return callbacks, expected


def signed_batch(base: str, callbacks: list) -> list:
    return [status_callback(base, m[0], m[1], m[2], status, error) for _, m, status, error in callbacks]


def send_in_order(base: str, callbacks: list, concurrency: int) -> dict:
    """Stage by stage; within a stage one message's callbacks do not depend on each other."""
    results = [drive([base], signed_batch(base, [c for c in callbacks if c[0] == stage]), concurrency)
               for stage in range(3)]
    return merge(results)


def send_shuffled(bases: list[str], callbacks: list, concurrency: int, rng: random.Random) -> dict:
    shuffled = callbacks[:]
    rng.shuffle(shuffled)
    # Signed for the server that receives it (alternating when there are several).
    batch = [status_callback(bases[i % len(bases)], m[0], m[1], m[2], status, error)
             for i, (_, m, status, error) in enumerate(shuffled)]
    return drive(bases, batch, concurrency)


def merge(results: list[dict]) -> dict:
    seconds = sum(r["seconds"] for r in results)
    count = sum(r["count"] for r in results)
    statuses = {}
    for r in results:
        for k, v in r["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v
    return {"seconds": seconds, "count": count, "rate": count / seconds, "statuses": statuses,
            "p50": max(r["p50"] for r in results), "p99": max(r["p99"] for r in results)}


def end_state(url: str) -> tuple[dict, tuple]:
    """({message id: (status, error code)}, (events, applied, with error))."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = {r.id: (r.status, r.error_code) for r in conn.execute(text(
            "SELECT id, status, error_code FROM messages WHERE direction = 'outbound'"))}
        events = conn.execute(text("SELECT count(*), count(applied_at), count(error) FROM webhook_events")).one()
    engine.dispose()
    return rows, tuple(events)


def verify(label: str, url: str, expected: dict, requests_sent: int) -> dict:
    rows, (events, applied, errors) = end_state(url)
    wrong = sum(1 for m, want in expected.items() if rows.get(m) != want)
    print(f"{label}: {events} webhook events for {requests_sent} requests ({applied} applied, {errors} with error); "
          f"{len(expected) - wrong}/{len(expected)} messages in the expected final state")
    assert events == requests_sent and applied == events and errors == 0, "webhook events lost or failed"
    assert wrong == 0, f"{wrong} messages not in the expected final state"
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--servers", type=int, default=1, help="gunicorn servers for the shuffled side")
    args = parser.parse_args()
    rng = random.Random(11)
    accounts = max(1, args.messages // 10)
    with database() as in_order_url, database() as shuffled_url:
        sent, _ = seed(in_order_url, accounts, args.messages // accounts)
        sent_again, _ = seed(shuffled_url, accounts, args.messages // accounts)
        assert sent == sent_again
        callbacks, expected = plan(sent, rng)
        print(f"{len(sent)} messages, {len(callbacks)} status callbacks ({len(callbacks) - 3 * len(sent)} repeats)")
        with gunicorn("wsgi:app", app_config(in_order_url, base_url="bound")) as base:
            in_order = send_in_order(base, callbacks, args.concurrency)
        print(describe("in order", in_order), flush=True)
        with ExitStack() as servers:
            bases = [servers.enter_context(gunicorn("wsgi:app", app_config(shuffled_url, base_url="bound")))
                     for _ in range(args.servers)]
            shuffled = send_shuffled(bases, callbacks, args.concurrency, rng)
        print(describe(f"shuffled, 20% repeated, {args.servers} server(s)", shuffled), flush=True)
        first = verify("in order", in_order_url, expected, len(callbacks))
        second = verify("shuffled", shuffled_url, expected, len(callbacks))
        assert first == second
        print("shuffled end state == in-order end state: yes")
        print(f"ratio shuffled / in-order rate: {shuffled['rate'] / in_order['rate']:.2f}")
        print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
