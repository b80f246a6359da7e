"""Live update under load: how long from an inbound SMS webhook until the text shows on the
account's page open in a real browser, while a burst of status callbacks (bench/burst.py's,
shuffled, 20% repeated) is being sent to the desk under gunicorn on PostgreSQL.

The page is the console's account page in headless Chromium (Debian's /usr/bin/chromium, driven
by Playwright), logged in as a collector: it keeps its live stream (/live/events) open and
fetches the thread when the stream names the account (static/live.js, static/sms.js). One probe
at a time, a text with a unique body is POSTed, signed, to the inbound webhook; then
- "page": the time until the body is in the page's SMS thread (checked on every frame), what a
  collector with the page open waits;
- "stored": the thread fragment (GET /accounts/<id>/sms/thread, bearer token) fetched every
  50 ms from another thread until the body is in it: when the desk could first show it.
The same probes with no burst are the baseline. Each server is gunicorn with two processes, so
they share a Redis (REDIS_URL: the process holding the page's stream hears what the other one
stored), as in production. With --servers 2, two such servers share the database and the Redis:
the burst alternates between them, probes go to the first, the page is served by the second.

    python bench/live_update.py                     # 3,000 messages' callbacks as the load
    python bench/live_update.py --servers 2
"""
import argparse
import random
import statistics
import threading
import time
import uuid
from contextlib import ExitStack, contextmanager

import requests
from burst import plan, send_shuffled
from common import app_config, database, describe, gunicorn, inbound_sms, load_average, phone, seed
from playwright.sync_api import sync_playwright

WATCHED = 1  # the account whose page is open
CHROMIUM = "/usr/bin/chromium"
EMAIL, PASSWORD = "c@bench", "bench-pass-1"  # the collector bench/common.seed makes


@contextmanager
def open_page(base: str):
    """The account page in headless Chromium, logged in, its live stream up."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(f"{base}/login")
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/worklist")
        page.goto(f"{base}/accounts/{WATCHED}")
        page.wait_for_function("window.deskLive.isOpen()", timeout=10000)
        try:
            yield page
        finally:
            browser.close()


def stored_after(url: str, token: str, body: str, started: float, out: list) -> None:
    """Poll the fragment every 50 ms; append the seconds from `started` until `body` is in it."""
    with requests.Session() as session:
        for _ in range(600):  # 30 s at most
            if body in session.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30).text:
                out.append(time.perf_counter() - started)
                return
            time.sleep(0.05)


def probe(post_base: str, page_base: str, token: str, page, session: requests.Session) -> tuple:
    """One probe text; returns (webhook answered, stored, on the page) in seconds."""
    body = f"probe {uuid.uuid4().hex[:12]}"
    path, form, headers = inbound_sms(post_base, phone(WATCHED), body)
    started = time.perf_counter()
    answer = session.post(post_base + path, data=form, headers=headers, timeout=30)
    answered = time.perf_counter() - started
    assert answer.status_code == 200, answer.status_code
    stored = []
    poller = threading.Thread(target=stored_after, args=(f"{page_base}/accounts/{WATCHED}/sms/thread", token,
                                                         body, started, stored))
    poller.start()
    page.wait_for_function("body => document.getElementById('sms-thread').textContent.includes(body)",
                           arg=body, polling="raf", timeout=30000)
    shown = time.perf_counter() - started
    poller.join()
    return answered, stored[0], shown


def run_probes(label: str, bases: list[str], token: str, keep_going, count: int) -> None:
    rows = []
    with open_page(bases[-1]) as page, requests.Session() as session:
        for _ in range(count):
            if not keep_going():
                break
            rows.append(probe(bases[0], bases[-1], token, page, session))
            time.sleep(0.3)
    answered, stored, shown = ([r[i] * 1000 for r in rows] for i in range(3))
    print(f"{label}: {len(rows)} probes; webhook answered median {statistics.median(answered):.0f} ms, "
          f"max {max(answered):.0f} ms; "
          f"stored median {statistics.median(stored):.0f} ms, max {max(stored):.0f} ms; "
          f"on the page median {statistics.median(shown):.0f} ms, p90 {quantile(shown, 0.9):.0f} ms, "
          f"max {max(shown):.0f} ms", flush=True)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--probes", type=int, default=10, help="for the baseline without load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    rng = random.Random(5)
    extra = {"REDIS_URL": args.redis_url, "RQ_QUEUE_PREFIX": f"bench-{uuid.uuid4().hex[:8]}:"}
    with database() as url, ExitStack() as servers:
        sent, token = seed(url, max(1, args.messages // 10), 10)
        bases = [servers.enter_context(gunicorn("wsgi:app", app_config(url, base_url="bound", **extra)))
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
