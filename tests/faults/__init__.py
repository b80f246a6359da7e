"""Fault tests: the desk on a live server with the simulator wired to it (the `sim` fixture of
tests/conftest.py), and outages of Redis, PostgreSQL and Twilio played for real."""
