"""The SMS fixtures (the simulator wired to the live server), for the browser tour."""
from tests.sms.conftest import sim  # noqa: F401 - fixtures

__all__ = ["sim"]
