"""Live update under load: how long from an inbound SMS webhook until the text shows on the
account's open conversation page, while a burst of status callbacks (bench/burst.py's, shuffled,
20% repeated) is being sent to the desk under gunicorn on PostgreSQL.

Every half second a probe text (a unique body) is POSTed, signed, to the inbound webhook; then
- "visible": the thread fragment the page polls (GET /accounts/<id>/sms/thread, bearer token) is
  fetched every 50 ms until the body is in it: the time until the desk shows it;
- "page": a separate poller fetches the same fragment once a second, as static/sms.js does, and
  records when each probe first appears: what a collector with the page open waits.
The same probes are also run with no burst (the baseline), so the two can be compared.
With --servers 2, two gunicorn servers share the database: the burst alternates between them,
probes go to the first and the page polls the second.

    python bench/live_update.py                     # 3,000 messages' callbacks as the load
    python bench/live_update.py --servers 2
"""
import argparse
import random
import statistics
import threading
import time
import uuid
from contextlib import ExitStack

import requests

from burst import plan, send_shuffled
from common import app_config, database, describe, gunicorn, inbound_sms, load_average, phone, seed

WATCHED = 1  # the account whose page is open


class Page(threading.Thread):
    """Polls the thread fragment once a second like the open page; notes when each body appears."""

    def __init__(self, url: str, token: str, bodies: list[str]):
        super().__init__(daemon=True)
        self.url, self.headers, self.bodies = url, {"Authorization": f"Bearer {token}"}, bodies
        self.seen, self.stop = {}, threading.Event()

    def run(self):
        with requests.Session() as session:
            while not self.stop.wait(1.0):
                html = session.get(self.url, headers=self.headers, timeout=30).text
                now = time.perf_counter()
                for body in list(self.bodies):
                    if body in html:
                        self.seen.setdefault(body, now)


def probe(post_base: str, page_url: str, token: str, session: requests.Session, page: Page) -> tuple[float, float]:
    """One probe text; returns (webhook answered, visible on a 50 ms poll) in seconds."""
    body = f"probe {uuid.uuid4().hex[:12]}"
    page.bodies.append(body)
    path, form, headers = inbound_sms(post_base, phone(WATCHED), body)
    started = time.perf_counter()
    page.sent = getattr(page, "sent", {})
    page.sent[body] = started
    assert session.post(post_base + path, data=form, headers=headers, timeout=30).status_code == 200
    answered = time.perf_counter() - started
    for _ in range(600):  # 30 s at most
        if body in session.get(page_url, headers={"Authorization": f"Bearer {token}"}, timeout=30).text:
            return answered, time.perf_counter() - started
        time.sleep(0.05)
    raise AssertionError(f"{body} never showed")


def run_probes(label: str, bases: list[str], token: str, keep_going, count: int) -> None:
    page_url = f"{bases[-1]}/accounts/{WATCHED}/sms/thread"
    page = Page(page_url, token, [])
    page.start()
    answered, visible = [], []
    with requests.Session() as session:
        for n in range(count):
            if not keep_going():
                break
            a, v = probe(bases[0], page_url, token, session, page)
            answered.append(a)
            visible.append(v)
            time.sleep(0.5)
    time.sleep(1.5)  # the page's next poll
    page.stop.set()
    page.join()
    waits = sorted(page.seen[b] - page.sent[b] for b in page.seen)
    ms = lambda values, f: f(values) * 1000  # noqa: E731
    print(f"{label}: {len(visible)} probes; webhook answered median {ms(answered, statistics.median):.0f} ms; "
          f"visible median {ms(visible, statistics.median):.0f} ms, max {ms(visible, max):.0f} ms; "
          f"on the 1 s page median {ms(waits, statistics.median):.0f} ms, max {ms(waits, max):.0f} ms "
          f"({len(waits)}/{len(visible)} seen)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--probes", type=int, default=10, help="for the baseline without load")
    args = parser.parse_args()
    rng = random.Random(5)
    with database() as url, ExitStack() as servers:
        sent, token = seed(url, max(1, args.messages // 10), 10)
        bases = [servers.enter_context(gunicorn("wsgi:app", app_config(url, base_url="bound")))
                 for _ in range(args.servers)]
        run_probes("no load", bases, token, lambda: True, args.probes)
        callbacks, _ = plan(sent, rng)
        result = {}
        load = threading.Thread(target=lambda: result.update(send_shuffled(bases, callbacks, args.concurrency, rng)))
        load.start()
        time.sleep(1)
        run_probes(f"during the burst ({len(callbacks)} callbacks, {args.servers} server(s))", bases, token,
                   load.is_alive, 1000)
        load.join()
        if result:
            print(describe("the burst", result))
    print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
