"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the email tests."""
import email
import email.policy
import socket

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Inbox:
    """aiosmtpd handler: stores each accepted message; can be told to refuse with a code."""

    def __init__(self):
        self.messages: list = []
        self.refuse_with: str | None = None  # e.g. "550 5.1.1 No such user"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_with:
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({
            "from": envelope.mail_from, "to": list(envelope.rcpt_tos),
            "message": email.message_from_bytes(envelope.original_content, policy=email.policy.default),
            "login": getattr(session, "login_data", None) and session.auth_data,
        })
        return "250 Message accepted"


def authenticator(username: str, password: str):
    """Accept only desk/s3cret."""

    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == username.encode() \
            and auth_data.password == password.encode()
        return AuthResult(success=ok)

    return check


class LoopbackController(Controller):
    """aiosmtpd's Controller, able to bind port 0 (it must learn the real port before its self-test)."""

    def _trigger_server(self):
        if not self.port:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def start(inbox: Inbox, port: int = 0, **kwargs) -> LoopbackController:
    controller = LoopbackController(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller


def free_port() -> int:
    """A port nobody listens on right now (to point SMTP_URL at a server that is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
