"""Errors that services raise and every adapter (page, API, CLI) turns into a plain message."""

from __future__ import annotations


class DomainError(Exception):
    """A request that breaks a rule of the domain. ``message`` is shown to the user."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field


class TransitionNotAllowed(DomainError):
    """The action is not possible in the dossier's state, or not for this actor."""

    status = 409


class NotFound(DomainError):
    """The object does not exist or the actor may not know that it exists."""

    status = 404
