"""``motcua registry-import FILE``: fill the local population registry from CSV or xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.citizens.services import MAX_BYTES, RegistryImportError, registry_import
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import people into the local population registry from a .csv or .xlsx file "
        "(columns id_number, full_name, birth_date, sex, permanent_address; all rows or none)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--username", default="", help="user recorded in the audit log (default: system)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        actor = self._actor(options["username"])
        try:
            # One byte more than the limit is enough for the service to refuse it.
            with path.open("rb") as f:
                data = f.read(MAX_BYTES + 1)
            report = registry_import(data=data, filename=path.name, actor=actor)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from exc
        except RegistryImportError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(exc.message) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _("Population registry imported: %(created)d added, %(updated)d updated.")
            % {"created": report.created, "updated": report.updated}
        )

    def _actor(self, username: str) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user has the username %(name)s.") % {"name": username})
        return user
