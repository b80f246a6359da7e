"""Webhook ingestion under gunicorn: signed Twilio webhooks (half inbound texts from customers'
phones, half status callbacks sent/delivered for texts we sent) against the desk on a fresh
PostgreSQL database, next to a bare Flask endpoint that answers 200, both under
`gunicorn -w 2 -k gthread --threads 4`, driven from this process (a thread pool of keep-alive
sessions on loopback) in alternating rounds. Goal: at least half the bare throughput, p99 < 50 ms.

    python bench/webhooks.py                     # 3 rounds of 2,000 requests per side
    python bench/webhooks.py --rounds 1 --requests 500 --concurrency 8
"""
import argparse
import random

from common import (
    app_config,
    database,
    describe,
    drive,
    gunicorn,
    inbound_sms,
    load_average,
    median,
    phone,
    seed,
    status_callback,
)


def desk_batch(base: str, sent: list, accounts: int, count: int, rng: random.Random) -> list:
    """Half inbound texts, half status callbacks for messages that exist (each status once)."""
    batch = []
    for n in range(count):
        if n % 2:
            batch.append(inbound_sms(base, phone(rng.randrange(1, accounts + 1)), "I can pay Friday"))
        else:
            message_id, sid, to = sent.pop()
            batch.append(status_callback(base, message_id, sid, to, rng.choice(["sent", "delivered"])))
    return batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=2000, help="per round and side")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--accounts", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(7)
    with database() as url:
        per_account = (args.rounds + 1) * args.requests // 2 // args.accounts + 1
        sent, _ = seed(url, args.accounts, per_account)
        rng.shuffle(sent)
        with gunicorn("wsgi:app", app_config(url, base_url="set by gunicorn()")) as desk, \
                gunicorn("bench.bare_app:app", {}) as bare:
            warm = desk_batch(desk, sent, args.accounts, 200, rng)
            drive([desk], warm, args.concurrency)
            drive([bare], [(p, f, h) for p, f, h in warm], args.concurrency)
            results = {"bare": [], "desk": []}
            for round_no in range(args.rounds):
                batch = desk_batch(desk, sent, args.accounts, args.requests, rng)
                results["bare"].append(drive([bare], batch, args.concurrency))
                results["desk"].append(drive([desk], batch, args.concurrency))
                print(describe(f"bare endpoint, round {round_no + 1}", results["bare"][-1]))
                print(describe(f"desk webhooks, round {round_no + 1}", results["desk"][-1]), flush=True)
            bare_rate, desk_rate = (median([r["rate"] for r in results[s]]) for s in ("bare", "desk"))
            desk_p50, desk_p99 = (median([r[k] for r in results["desk"]]) for k in ("p50", "p99"))
            bare_p50, bare_p99 = (median([r[k] for r in results["bare"]]) for k in ("p50", "p99"))
            print(f"\nmedian of {args.rounds} rounds, {args.concurrency} concurrent clients:")
            print(f"bare endpoint:  {bare_rate:8.1f} req/s  p50 {bare_p50:6.1f} ms  p99 {bare_p99:6.1f} ms")
            print(f"desk webhooks:  {desk_rate:8.1f} req/s  p50 {desk_p50:6.1f} ms  p99 {desk_p99:6.1f} ms")
            print(f"ratio desk / bare throughput: {desk_rate / bare_rate:.2f} (goal >= 0.50); "
                  f"desk p99 {desk_p99:.1f} ms (goal < 50)")
            print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
