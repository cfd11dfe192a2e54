"""``motcua token USERNAME [--name N]``: issue an API token and print it once."""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.api.services import api_token_issue
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = gettext_noop("Issue an API token for an officer and print it (it is shown only once).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="A label to tell tokens apart.")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            self._fail(_("No user named “%(username)s”.") % {"username": username})
        try:
            token = api_token_issue(user=user, name=name)
        except DomainError as exc:
            self._fail(exc.message)
        self.stdout.write(token)

    def _fail(self, message: str) -> NoReturn:
        # Not CommandError: the message is the whole output, without a "CommandError:" prefix.
        self.stderr.write(message)
        raise SystemExit(1)
