"""Twilio's failures as the desk's own exceptions.

Callers catch these, never twilio or requests exceptions. They carry what an error answer needs
(`status`, `code`, `message`, `fields`), so the desk's error handlers answer them like its own
refusals; telephony/ imports nothing of the desk. `TwilioUnavailable` means "nothing is
known to have been sent; keep the action and try again later" (network error, timeout, 5xx).
"""
import contextlib
import logging

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException

log = logging.getLogger(__name__)

# Delivery error codes (message status callbacks' ErrorCode), explained for collectors.
DELIVERY_ERRORS = {
    21610: "The customer replied STOP to our number; Twilio blocks texts until they reply START.",
    21211: "The phone number is not a valid phone number.",
    21614: "The number is not a mobile number, so it cannot receive texts.",
    30001: "Twilio's queue overflowed; try again later.",
    30002: "The Twilio account was suspended.",
    30003: "The phone is unreachable: switched off or out of coverage.",
    30004: "The message was blocked: the recipient blocked our number or their carrier did.",
    30005: "The number is unknown or no longer in service.",
    30006: "The number is a landline or the carrier cannot deliver texts to it.",
    30007: "The carrier filtered the message as spam.",
    30008: "The carrier reported an unknown delivery error.",
    30034: "The message came from an unregistered (A2P 10DLC) number.",
}


def explain(code: int | str | None) -> str | None:
    """A sentence a collector understands for a Twilio error code, or None for no error."""
    if code in (None, "", 0, "0"):
        return None
    try:
        code = int(code)
    except (TypeError, ValueError):
        return f"Twilio error {code}."
    return DELIVERY_ERRORS.get(code, f"Twilio error {code}; see https://www.twilio.com/docs/errors/{code}.")


class TelephonyError(Exception):
    """Talking to Twilio failed; `twilio_code` is Twilio's numeric error code when it gave one."""

    status, code = 502, "twilio_error"

    def __init__(self, message: str, twilio_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.fields: dict = {}
        self.twilio_code = twilio_code


class TwilioError(TelephonyError):
    """Twilio refused the request."""

    status, code = 422, "twilio_error"


class RecipientOptedOut(TwilioError):
    """21610: the recipient texted STOP to our number."""

    code = "opted_out"


class InvalidNumber(TwilioError):
    """21211 (not a phone number) or 21614 (not a mobile number)."""

    code = "invalid_number"


class Undeliverable(TwilioError):
    """30003-30008: the carrier could not deliver; usually seen as a status ErrorCode."""

    code = "undeliverable"


class TwilioUnavailable(TelephonyError):
    """Twilio could not be reached or failed (network error, timeout, 5xx): retry later."""

    status, code = 503, "twilio_unavailable"


_BY_CODE = {21610: RecipientOptedOut, 21211: InvalidNumber, 21614: InvalidNumber,
            **{c: Undeliverable for c in range(30003, 30009)}}


def from_rest_exception(exc: TwilioRestException) -> TelephonyError:
    """Map one TwilioRestException to the desk's exception."""
    if exc.status is not None and int(exc.status) >= 500:
        return TwilioUnavailable(f"Twilio answered {exc.status}; try again shortly.")
    cls = _BY_CODE.get(exc.code, TwilioError)
    message = explain(exc.code) if exc.code in _BY_CODE else (exc.msg or "Twilio refused the request.")
    return cls(message, twilio_code=exc.code)


@contextlib.contextmanager
def translated():
    """Run a Twilio call, turning twilio and requests failures into the desk's exceptions."""
    try:
        yield
    except TwilioRestException as exc:
        log.warning("twilio refused %s %s: %s %s", exc.method, exc.uri, exc.status, exc.code)
        raise from_rest_exception(exc) from exc
    except (requests.ConnectionError, requests.Timeout) as exc:
        log.warning("twilio unreachable: %s", type(exc).__name__)
        raise TwilioUnavailable("Twilio could not be reached; try again shortly.") from exc
    except TwilioException as exc:
        log.warning("twilio client error: %s", exc)
        raise TwilioUnavailable(f"Twilio request failed: {exc}") from exc


__all__ = ["DELIVERY_ERRORS", "InvalidNumber", "RecipientOptedOut", "TelephonyError", "TwilioError",
           "TwilioUnavailable", "Undeliverable", "explain", "translated"]
