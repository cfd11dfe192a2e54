"""The local population registry: people as the national database would answer for them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class RegistryPerson(models.Model):
    """Công dân trong cơ sở dữ liệu dân cư: one person of the local population registry.

    Stands in for the national population database where motcua has no link
    to it (the demo, tests, an offline commune); filled by ``motcua
    registry-import``. Read through ``citizens.registry.LocalRegistry`` only.
    """

    id_number = models.CharField(_("personal ID number"), max_length=12, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    permanent_address = models.CharField(_("permanent address"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id_number"]
        verbose_name = _("registry person")
        verbose_name_plural = _("registry people")

    def __str__(self) -> str:
        # The full number is personal data: only its province part in logs and lists.
        return f"{self.id_number[:3]}…{self.id_number[-2:]}"
