"""gunicorn's settings for the desk (`gunicorn wsgi:app` reads this file from the working folder).

Threads rather than sync workers: every open console page holds one live-update stream
(/live/events) on a server thread, and LIVE_MAX_STREAMS (16 by default) of a process's threads
may be taken by streams, so each process needs more threads than that to keep answering.
"""
import os

bind = os.environ.get("BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "32"))
keepalive = 10
