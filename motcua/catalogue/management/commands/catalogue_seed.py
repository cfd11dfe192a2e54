"""``motcua catalogue-seed``: write the sample procedure catalogue (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.catalogue.seed import catalogue_seed
from motcua.units.models import Agency


class Command(BaseCommand):
    help = "Write the sample procedure catalogue; running it again updates the same rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province-agency",
            metavar="CODE",
            default="",
            help="electronic code of the agency for province-level procedures",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = None
        if options["province_agency"]:
            agency = Agency.objects.filter(code=options["province_agency"]).first()
            if agency is None:
                raise CommandError(
                    _("No agency has the code %(code)s.") % {"code": options["province_agency"]}
                )
        count = catalogue_seed(province_agency=agency)
        self.stdout.write(
            _("Catalogue seeded: %(count)d procedures (sample data).") % {"count": count}
        )
