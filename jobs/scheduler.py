"""When the recurring work runs.

Without Redis, `start_timer(app)` (called by `desk run`) runs each task in the web process on a
daemon thread. With Redis, `desk worker` runs the same timer, which puts each task on the
`scheduled` queue; a Redis lock per task and time slot means several workers queue it only once.
Every task is safe to run twice.
"""
import logging
import threading
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)
TICK_SECONDS = 30


@dataclass(frozen=True)
class Task:
    func_path: str
    every: int  # seconds
    direct: bool = False  # run in the timer thread even with Redis (it only talks to Redis)


TASKS = (
    Task("jobs.recurring.sweep_outbox", 60, direct=True),
    Task("jobs.recurring.remind_promises", 15 * 60),
    Task("jobs.recurring.evaluate_promises", 60 * 60),
    Task("jobs.recurring.roll_schedules", 60 * 60),
    Task("jobs.recurring.snapshot_portfolio", 60 * 60),  # after the roll: a day's first snapshot stands
    Task("jobs.recurring.keep_day_sheets", 60 * 60),  # after the promises are judged and the roll
    Task("jobs.recurring.prune_idempotency_keys", 60 * 60),
    Task("jobs.recurring.discard_stale_uploads", 60 * 60),
)


class Timer:
    """Runs each task when its interval has passed since it last ran here (all at once at start)."""

    def __init__(self, app, tasks=TASKS):
        self.app, self.tasks = app, tasks
        self.last_run: dict[str, float] = {}
        self.stopped = threading.Event()

    def tick(self, now: float | None = None) -> list[str]:
        """Run or queue the tasks that are due; returns their names."""
        now = time.time() if now is None else now
        ran = []
        for task in self.tasks:
            if now - self.last_run.get(task.func_path, float("-inf")) >= task.every:
                self.last_run[task.func_path] = now
                if self._start(task, now):
                    ran.append(task.func_path)
        return ran

    def _start(self, task: Task, now: float) -> bool:
        try:
            if self.app.config["REDIS_URL"] and not task.direct:
                return _queue_once(self.app, task, now)
            _run_here(self.app, task.func_path)
            return True
        except Exception:  # noqa: BLE001 - a failing task must not stop the timer
            log.exception("scheduled task %s failed", task.func_path)
            return False

    def loop(self) -> None:
        while not self.stopped.is_set():
            self.tick()
            self.stopped.wait(TICK_SECONDS)


def _run_here(app, func_path: str) -> None:
    from desk.extensions import db
    from jobs import resolve

    with app.app_context():
        try:
            resolve(func_path)()
        finally:
            db.session.remove()


def _queue_once(app, task: Task, now: float) -> bool:
    """Queue the task unless another timer already queued it for this time slot."""
    from jobs.queues import connection, push, queue_name

    slot = int(now // task.every)
    lock = queue_name(app, f"desk:scheduled:{task.func_path}:{slot}")
    if not connection(app).set(lock, "1", nx=True, ex=task.every * 2):
        return False
    push(app, task.func_path, (), "scheduled")
    return True


def start_timer(app) -> Timer:
    """Start the scheduled-work timer on a daemon thread; `timer.stopped.set()` stops it."""
    timer = Timer(app)
    threading.Thread(target=timer.loop, name="desk-scheduler", daemon=True).start()
    return timer
