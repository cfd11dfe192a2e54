"""Administrative units, agencies, one-stop counters and officers."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.calendar import hours_from_spec


class AdministrativeUnit(models.Model):
    """Đơn vị hành chính: a province, a commune or ward, or a district that no longer exists.

    Units are never deleted: a unit merged away gets ``valid_to`` and a
    ``successor``, so old dossiers keep pointing at the unit they were filed in
    and are counted under the successor.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District (before 1 July 2025)")
        COMMUNE = "commune", _("Commune / ward")

    code = models.CharField(_("statistical code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Seeded for the demo; check against the official decision before use."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def current(self) -> AdministrativeUnit:
        """Follow successor links to the unit that stands for this one today."""
        unit, seen = self, {self.pk}
        while unit.successor_id is not None and unit.successor_id not in seen:
            seen.add(unit.successor_id)
            unit = unit.successor  # type: ignore[assignment]
        return unit


class Agency(models.Model):
    """Cơ quan: an agency with its electronic identifier (Decision 20/2020/QĐ-TTg).

    ``code`` is data (e.g. ``000.00.00.H49`` for a province's People's
    Committee): the merged provinces' codes are still being assigned.
    """

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "committee", _("People's Committee")
        SERVICE_CENTRE = "centre", _("Public administrative service centre")
        DEPARTMENT = "department", _("Department")
        POLICE = "police", _("Police")
        SOCIAL_INSURANCE = "insurance", _("Social insurance")
        OTHER = "other", _("Other")

    code = models.CharField(_("electronic identifier"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("administrative unit"),
    )
    is_one_stop = models.BooleanField(_("runs a one-stop unit"), default=False)
    office_hours = models.JSONField(
        _("office hours"),
        null=True,
        blank=True,
        help_text=_(
            'Weekday (0 = Monday) to intervals, e.g. {"0": [["07:30", "11:30"], '
            '["13:00", "17:00"]]}. Empty: Monday–Friday 07:30–11:30, 13:00–17:00.'
        ),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Every due date of the agency is computed with these hours: refuse
        # them here, where an administrator can still correct them.
        try:
            hours_from_spec(self.office_hours)
        except (TypeError, ValueError) as error:
            raise ValidationError({"office_hours": str(error)}) from None

    @property
    def province(self) -> AdministrativeUnit:
        unit = self.unit
        while unit.parent_id is not None and unit.level != AdministrativeUnit.Level.PROVINCE:
            unit = unit.parent  # type: ignore[assignment]
        return unit


class OneStopCounter(models.Model):
    """Bộ phận một cửa: a receiving point of a one-stop agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="counters")
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = _("one-stop counter")
        verbose_name_plural = _("one-stop counters")

    def __str__(self) -> str:
        return f"{self.agency} — {self.name}"


class Role(models.TextChoices):
    COUNTER = "counter", _("Counter officer")
    SPECIALIST = "specialist", _("Specialist")
    LEADER = "leader", _("Leader")
    CLERK = "clerk", _("Clerk")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    PROVINCE_ADMIN = "province_admin", _("Province administrator")


class Officer(models.Model):
    """Cán bộ, công chức: a user who works for one agency in one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers")
    counter = models.ForeignKey(
        OneStopCounter, null=True, blank=True, on_delete=models.SET_NULL, related_name="officers"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    title = models.CharField(_("title"), max_length=100, blank=True)

    class Meta:
        ordering = ["agency", "role"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self) -> str:
        return (
            f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"
        )
