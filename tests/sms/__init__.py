"""SMS tests run the desk for real: the app on a live server, the Twilio simulator posting its
signed callbacks to it (the `sim` fixture of tests/conftest.py), jobs run synchronously.
Nothing is mocked."""
