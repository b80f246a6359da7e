"""The simulator's in-memory world: scripted numbers, faults, messages, calls, media, opt-outs."""
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

SMS_BEHAVIOURS = ("delivered", "undelivered", "failed", "invalid", "landline")
CALL_BEHAVIOURS = ("answer", "no-answer", "busy", "failed", "voicemail", "hangup", "manual")
CALLBACK_FAULTS = ("out_of_order", "duplicate", "late", "retry")
REST_FAULTS = ("rest_500", "rest_timeout", "rest_lost_answer")


def new_sid(prefix: str) -> str:
    """A 34-character Twilio sid: two letters and 32 hex digits."""
    return prefix + secrets.token_hex(16)


def rfc2822(when: datetime | None = None) -> str:
    """Twilio's date format in REST answers and callbacks."""
    return format_datetime(when or datetime.now(UTC))


@dataclass
class Script:
    """How a phone number behaves. sms: delivered | undelivered:CODE | failed:CODE | invalid |
    landline. call: answer | no-answer | busy | failed | voicemail | hangup | manual."""

    sms: str = "delivered"
    call: str = "answer"
    talk_seconds: int = 20
    ring_seconds: int = 4

    def sms_outcome(self) -> tuple[str, int | None]:
        """('delivered', None), ('undelivered', 30003), ('failed', 30006)..."""
        kind, _, code = self.sms.partition(":")
        defaults = {"undelivered": 30003, "failed": 30006}
        if kind in defaults:
            return kind, int(code or defaults[kind])
        return "delivered", None


@dataclass
class Fault:
    kind: str
    times: int | None  # None: until cleared
    seconds: float = 5.0  # virtual delay for "late", real seconds for "rest_timeout"


@dataclass
class Resource:
    """One message or call leg as the REST API shows it; `data` is the JSON answer."""

    sid: str
    data: dict
    params: dict = field(default_factory=dict)  # the create request's form
    events: list = field(default_factory=list)  # (kind, params) delivered for it


class World:
    """All state, behind one lock; the REST app, flows and the dev page share it."""

    def __init__(self):
        self.lock = threading.RLock()
        self.scripts: dict[str, Script] = {}
        self.default_script = Script()
        self.faults: list[Fault] = []
        self.messages: dict[str, Resource] = {}
        self.calls: dict[str, Resource] = {}
        self.opted_out: set[tuple[str, str]] = set()  # (customer, our number)
        self.media: dict[str, tuple[bytes, str]] = {}  # ME sid -> (content, type)
        self.cdn_tokens: dict[str, str] = {}  # token -> ME sid
        self.deliveries: list[dict] = []  # every callback attempt, for tests and the dev page
        self.phone_inbox: list[dict] = []  # texts the customer side received
        self.ringing: dict[str, threading.Event] = {}  # manual calls waiting for the dev page
        self.answers: dict[str, str] = {}  # call sid -> "answer" | "decline"
        self.digits: dict[str, str] = {}  # call sid -> DTMF digits a softphone sent on it

    def script_for(self, number: str) -> Script:
        with self.lock:
            return self.scripts.get(number, self.default_script)

    def take_faults(self, kinds: tuple[str, ...]) -> dict[str, Fault]:
        """Active faults of these kinds, each use counted down."""
        taken = {}
        with self.lock:
            for fault in list(self.faults):
                if fault.kind in kinds and fault.kind not in taken:
                    taken[fault.kind] = fault
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self.faults.remove(fault)
        return taken
