"""The WSGI entry point: `gunicorn wsgi:app` (settings in gunicorn.conf.py).

Without REDIS_URL there is no `desk worker`, so each web process runs the scheduled work
(promise reminders and evaluation, the outbox sweep) on its own timer thread, as `desk run`
does; every task is safe to run twice, so several processes doing so is harmless.
"""
from desk import create_app
from jobs.scheduler import start_timer

app = create_app()
if not app.config["REDIS_URL"]:
    start_timer(app)
