"""gunicorn's settings for the desk: `gunicorn -c python:desk.gunicorn_conf wsgi:app` anywhere the
desk is installed; in a checkout `gunicorn wsgi:app` reads them through gunicorn.conf.py.

Threads rather than sync workers: every open console page holds one live-update stream
(/live/events) on a server thread, and LIVE_MAX_STREAMS (16 by default) of a process's threads
may be taken by streams, so each process needs more threads than that to keep answering.
Several processes need Redis (REDIS_URL): it carries the live updates from the process that
stored a text to the one holding the page's stream. Without Redis the desk runs one process.
"""
import logging
import os

REDIS = bool(os.environ.get("REDIS_URL"))

bind = os.environ.get("BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or (2 if REDIS else 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "32"))
keepalive = 10
# gunicorn serves production: the desk's checks (desk.config.production_problems) apply unless
# DESK_ENV says otherwise.
raw_env = [] if os.environ.get("DESK_ENV", "").strip() else ["DESK_ENV=production"]

if workers > 1 and not REDIS:
    logging.getLogger("gunicorn.error").warning(
        "%d processes without REDIS_URL: an open page hears only of texts its own process stored; "
        "the others reach it by its 15 s fallback poll", workers)
