"""A real SMTP server on 127.0.0.1 (aiosmtpd), run in a thread by the test."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the server got it: the envelope's recipients and the parsed message."""

    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        # Django folds a long encoded subject onto the next line ("Subject: \n =?utf-8?..."),
        # which Python's parser reads back with a leading space; mail clients drop it.
        return str(self.message["Subject"]).strip()

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")  # SMTP sends CRLF lines


@dataclass
class Inbox:
    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(Received(rcpt_tos=list(envelope.rcpt_tos), message=parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_settings(settings: Any) -> Any:
    """Django's SMTP backend, pointed at 127.0.0.1 (the port is set by the caller)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    settings.DEFAULT_FROM_EMAIL = "Một cửa Đèo Gia <motcua@deogia.example>"
    return settings


@pytest.fixture
def smtp_server(smtp_settings: Any) -> Iterator[Inbox]:
    """An SMTP server on a free loopback port; Django's mail backend talks to it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    smtp_settings.EMAIL_PORT = controller.port
    try:
        yield inbox
    finally:
        controller.stop()
