"""Posts signed webhooks the way Twilio does, with faults on demand.

Signing uses twilio's own RequestValidator.compute_signature over the URL and every parameter.
A retry (after an error answer or a connection failure) carries the same
I-Twilio-Idempotency-Token as the first attempt.
"""
import logging
import threading
import time
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator

from telephony.simulator.state import new_sid

log = logging.getLogger(__name__)
USER_AGENT = "TwilioProxy/1.1"


def signed_headers(token: str, url: str, params: dict) -> dict:
    """Headers of a Twilio webhook: signature and a fresh idempotency token."""
    return {"X-Twilio-Signature": RequestValidator(token).compute_signature(url, params),
            "I-Twilio-Idempotency-Token": new_sid("ID"), "User-Agent": USER_AGENT}


class Poster:
    """Delivers webhooks for one simulator (its token, its timeout, its log)."""

    def __init__(self, sim):
        self.sim = sim

    def request(self, url: str, params: dict, method: str = "POST", headers: dict | None = None,
                attempts: int = 2) -> requests.Response | None:
        """Send one webhook; retry once on a connection failure or 5xx. Returns the last answer."""
        params = {k: v for k, v in params.items() if v is not None}
        if method.upper() == "GET":
            sep = "&" if "?" in url else "?"
            url, body = f"{url}{sep}{urlencode(params, doseq=True)}", {}
        else:
            body = params
        headers = headers or signed_headers(self.sim.auth_token, url, body)
        answer = None
        for attempt in range(attempts):
            answer = self._once(method, url, body, headers)
            if answer is not None and answer.status_code < 500:
                break
            if attempt + 1 < attempts:
                self.sim.sleep(1)
        return answer

    def _once(self, method: str, url: str, body: dict, headers: dict) -> requests.Response | None:
        record = {"url": url, "method": method, "params": body, "at": time.time(),
                  "token": headers.get("I-Twilio-Idempotency-Token"), "status": None}
        try:
            answer = requests.request(method, url, data=body or None, headers=headers,
                                          timeout=self.sim.webhook_timeout, allow_redirects=False)
            record["status"] = answer.status_code
        except requests.RequestException as exc:
            log.info("webhook to %s failed: %s", url, type(exc).__name__)
            answer = None
            record["status"] = type(exc).__name__
        with self.sim.world.lock:
            self.sim.world.deliveries.append(record)
        return answer


class StatusStream:
    """The status callbacks of one message or call, delivered in order unless a fault says not."""

    def __init__(self, sim, faults: dict):
        self.sim = sim
        self.faults = faults
        self.held: list[tuple[str, dict, str]] = []
        self.threads: list[threading.Thread] = []

    def send(self, url: str | None, params: dict, method: str = "POST") -> None:
        """Deliver (or hold, or delay) one status callback."""
        if not url:
            return
        if "out_of_order" in self.faults:
            self.held.append((url, params, method))
        elif "late" in self.faults:
            thread = threading.Thread(target=self._late, args=(url, params, method), daemon=True)
            thread.start()
            self.threads.append(thread)
        else:
            self._deliver(url, params, method)

    def _late(self, url, params, method):
        self.sim.sleep(self.faults["late"].seconds)
        self._deliver(url, params, method)

    def _deliver(self, url: str, params: dict, method: str) -> None:
        poster = self.sim.poster
        signed = {k: v for k, v in params.items() if v is not None}
        headers = signed_headers(self.sim.auth_token, url, signed) if method == "POST" else None
        poster.request(url, signed, method, headers)
        if "duplicate" in self.faults or "retry" in self.faults:
            if "retry" in self.faults:
                self.sim.sleep(1)
            poster.request(url, signed, method, headers)

    def close(self) -> None:
        """Flush held callbacks newest first; wait for late ones."""
        for url, params, method in reversed(self.held):
            self._deliver(url, params, method)
        self.held.clear()
        for thread in self.threads:
            thread.join(timeout=30)
