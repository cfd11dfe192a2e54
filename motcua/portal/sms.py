"""The SMS port: how motcua hands a text message to a carrier.

``MOTCUA_SMS_BACKEND`` names the class (a dotted path); it is built with no
arguments and reads its own settings. ``LoggingSms``, the default, only
writes the message to the ``motcua.sms`` logger: a carrier adapter (an SMS
brandname gateway) fills the same interface and raises on a refused message,
so the notification is recorded as failed with the error.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("motcua.sms")


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Deliver ``text`` to ``phone`` or raise; returning means the carrier took it."""
        ...


class LoggingSms:
    """Writes each message to the ``motcua.sms`` logger and sends nothing."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone_masked(phone), text, extra={"sms_phone": phone})


def sms_sender() -> SmsSender:
    """The sender ``MOTCUA_SMS_BACKEND`` names."""
    sender: SmsSender = import_string(settings.MOTCUA_SMS_BACKEND)()
    return sender


def phone_masked(phone: str) -> str:
    """ "0912***678": enough for the person to recognise, not enough to dial."""
    digits = "".join(phone.split())
    if len(digits) < 7:
        return "***"
    return f"{digits[:4]}***{digits[-3:]}"
