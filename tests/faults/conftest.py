"""Fault tests reuse the SMS fixtures: the desk on a live server and the simulator wired to it."""
import socket

from tests.sms.conftest import sim  # noqa: F401 - fixtures

__all__ = ["sim"]


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

