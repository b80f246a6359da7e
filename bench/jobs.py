"""Email jobs through a real RQ worker: N queued emails (rows in a fresh PostgreSQL database,
one send_email_job each on a Redis queue with its own prefix) worked off by
`python -m desk worker --burst` against a loopback aiosmtpd server; next to the baseline, the
same N messages (built by the desk's build_message) sent with smtplib in a loop, one connection
per message as the job does. Both sides are timed back to back, twice, alternating.

    python bench/jobs.py                 # 1,000 emails a side
    python bench/jobs.py --emails 200
    python bench/jobs.py --workers 1 2   # one worker, then two on the one Redis and database
"""
import argparse
import smtplib
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

from common import ROOT, database, load_average, seed
from redis import Redis
from sqlalchemy import insert, text

sys.path.insert(0, str(ROOT))
from tests import smtp_server  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/13"


def desk_app(url: str, smtp_url: str, prefix: str):
    from desk import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": REDIS_URL, "RQ_QUEUE_PREFIX": prefix,
                       "SMTP_URL": smtp_url, "MAIL_FROM": "collections@dealer.test", "JOBS_INLINE": "sync"})


def queue_emails(app, count: int) -> list[int]:
    """Insert `count` queued emails and push one send job each onto the email queue."""
    from desk.extensions import db
    from jobs.queues import push
    from models import Email

    now = datetime.now(UTC)
    with app.app_context():
        result = db.session.execute(insert(Email).returning(Email.id), [{
            "account_id": 1 + n % 10, "to_address": f"customer{n}@example.test", "subject": "Your payment is due",
            "text_body": "Hello, your payment of $250.00 is due on Friday.\n\n-- \nUnsubscribe: https://x.test/u\n",
            "html_body": "<p>Hello, your payment of <b>$250.00</b> is due on Friday.</p>", "status": "queued",
            "message_id": f"<{uuid.uuid4().hex}@dealer.test>", "attempts": 0, "created_at": now}
            for n in range(count)])
        ids = [row[0] for row in result]
        db.session.commit()
        for email_id in ids:
            push(app, "jobs.email.send_email_job", (email_id,), queue="email")
    return ids


def run_worker(url: str, smtp_url: str, prefix: str, count: int = 1) -> float:
    """`count` of the desk's workers (DeskWorker, as `desk worker --burst` runs it), each in its own
    process, built with the queue prefix (which the environment cannot set)."""
    started = time.perf_counter()
    workers = [subprocess.Popen([sys.executable, __file__, "--work", url, smtp_url, prefix], cwd=ROOT,
                                stdout=subprocess.DEVNULL) for _ in range(count)]
    try:
        for process in workers:
            assert process.wait(timeout=600) == 0
    finally:
        for process in workers:
            if process.poll() is None:
                process.kill()
    return time.perf_counter() - started


def work(url: str, smtp_url: str, prefix: str) -> None:
    from jobs.queues import worker

    worker(desk_app(url, smtp_url, prefix)).work(burst=True, with_scheduler=True, logging_level="WARNING")


def smtplib_loop(app, ids: list[int], port: int) -> float:
    """The baseline: the same messages, built first, then sent one connection each."""
    from desk.email.mime import build_message
    from desk.extensions import db
    from models import Email

    with app.app_context():
        messages = [build_message(db.session.get(Email, i)) for i in ids]
    started = time.perf_counter()
    for message in messages:
        with smtplib.SMTP("127.0.0.1", port, local_hostname="dealer.test") as smtp:
            smtp.send_message(message)
    return time.perf_counter() - started


def sent_count(app, ids: list[int]) -> tuple[int, float]:
    """(emails sent, seconds from the first sent to the last sent)."""
    from desk.extensions import db

    with app.app_context():
        row = db.session.execute(text(
            "SELECT count(*) FILTER (WHERE status = 'sent'), "
            "extract(epoch FROM max(sent_at) - min(sent_at)) FROM emails WHERE id = ANY(:ids)"),
            {"ids": ids}).one()
        return row[0], float(row[1] or 0)


def clean_redis(prefix: str) -> None:
    redis = Redis.from_url(REDIS_URL)
    keys = list(redis.scan_iter(match=f"*{prefix}*", count=1000))
    keys += list(redis.scan_iter(match=f"*{prefix.replace(':', '-')}*", count=1000))
    if keys:
        redis.delete(*keys)
    redis.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, nargs="+", default=[1],
                        help="worker processes on the one queue; several counts are run one after the other")
    parser.add_argument("--work", nargs=3, metavar=("DATABASE_URL", "SMTP_URL", "PREFIX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        return work(*args.work)
    prefix = f"desk-bench-{uuid.uuid4().hex[:8]}:"
    inbox = smtp_server.Inbox()
    controller = smtp_server.start(inbox)
    smtp_url = f"smtp://127.0.0.1:{controller.port}"
    try:
        with database() as url:
            seed(url, 10)
            app = desk_app(url, smtp_url, prefix)
            for round_no in range(1, args.rounds + 1):
                for workers in args.workers:
                    ids = queue_emails(app, args.emails)
                    before = len(inbox.messages)
                    seconds = run_worker(url, smtp_url, prefix, workers)
                    sent, working = sent_count(app, ids)
                    received = len(inbox.messages) - before
                    print(f"round {round_no}: {workers} RQ worker(s), --burst: {args.emails} emails in {seconds:6.2f} s"
                          f" = {args.emails / seconds:6.1f}/s (process start included; {sent} sent, {received} "
                          f"received); first to last sent {working:6.2f} s = {(args.emails - 1) / working:6.1f}/s")
                    assert sent == received == args.emails
                before = len(inbox.messages)
                seconds_direct = smtplib_loop(app, ids, controller.port)
                assert len(inbox.messages) - before == args.emails
                print(f"round {round_no}: smtplib loop: {args.emails} emails in "
                      f"{seconds_direct:6.2f} s = {args.emails / seconds_direct:6.1f}/s", flush=True)
                print(f"round {round_no}: ratio worker ({args.workers[-1]}) / smtplib rate: "
                      f"{seconds_direct / seconds:.2f}")
            with app.app_context():
                from desk.extensions import db

                db.engine.dispose()
    finally:
        controller.stop()
        clean_redis(prefix)
    print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
