"""`gunicorn wsgi:app` run from a checkout reads this file: the settings are desk/gunicorn_conf.py
(which an installed desk names itself: `gunicorn -c python:desk.gunicorn_conf wsgi:app`)."""
import runpy

globals().update({k: v for k, v in runpy.run_module("desk.gunicorn_conf").items() if not k.startswith("_")})
