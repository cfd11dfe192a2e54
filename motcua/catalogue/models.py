"""The procedure catalogue (danh mục thủ tục hành chính)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.units.models import Agency, Role


class Field(models.Model):
    """Lĩnh vực: the field a procedure belongs to (civil status, residence, land...)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính: what a citizen can ask for, with its rules."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")

    class LimitUnit(models.TextChoices):
        WORKING_DAYS = "days", _("working days")
        WORKING_HOURS = "hours", _("working hours")
        SAME_DAY = "same_day", _("same day")

    class OnlineLevel(models.TextChoices):
        NONE = "none", _("Not online")
        PARTIAL = "partial", _("Partly online")
        FULL = "full", _("Fully online")

    code = models.CharField(_("national code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=400)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    competent_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("competent agency"),
        help_text=_("Empty: the People's Committee of the unit that receives the dossier."),
    )
    competent_authority = models.CharField(
        _("competent authority (as published)"), max_length=200, blank=True
    )
    time_limit = models.PositiveIntegerField(_("time limit"), default=0)
    time_limit_unit = models.CharField(
        _("time limit unit"),
        max_length=8,
        choices=LimitUnit.choices,
        default=LimitUnit.WORKING_DAYS,
    )
    cutoff_hour = models.TimeField(
        _("cut-off hour"),
        null=True,
        blank=True,
        help_text=_("Dossiers received after this hour count from the next working day."),
    )
    fee = models.PositiveIntegerField(_("fee (VND)"), default=0)
    fee_note = models.CharField(_("fee note"), max_length=300, blank=True)
    online_level = models.CharField(
        _("online level"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    project06_number = models.PositiveSmallIntegerField(
        _("Project 06 service number"),
        null=True,
        blank=True,
        help_text=_("1–25 for the essential online services of Decision 06/QĐ-TTg."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Seeded with plausible values; check against the published procedure."),
    )
    # Folded (no diacritics, lower case) code and name, kept by the catalogue
    # services, so search without accents is a plain icontains on SQLite and
    # PostgreSQL alike (no unaccent extension needed).
    name_search = models.CharField(_("search text"), max_length=500, blank=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_project06(self) -> bool:
        return self.project06_number is not None


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: one item of the procedure's checklist."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="required_documents"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=300)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    is_mandatory = models.BooleanField(_("mandatory"), default=True)
    original_must_be_shown = models.BooleanField(_("original must be shown"), default=False)
    reusable_from_store = models.BooleanField(
        _("can come from the citizen's data store"),
        default=False,
    )

    class Meta:
        ordering = ["procedure", "position", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name


class ResultDocument(models.Model):
    """Kết quả: a paper the procedure issues."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="result_documents"
    )
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("result document")
        verbose_name_plural = _("result documents")

    def __str__(self) -> str:
        return self.name


class ProcessingStep(models.Model):
    """Quy trình nội bộ: one step, the role that does it and its share of the limit."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the dossier's competent agency."),
    )
    share_percent = models.PositiveSmallIntegerField(_("share of the time limit (%)"), default=0)

    class Meta:
        ordering = ["procedure", "position", "id"]
        verbose_name = _("processing step")
        verbose_name_plural = _("processing steps")

    def __str__(self) -> str:
        return self.name


class Bundle(models.Model):
    """Liên thông: procedures filed together (Decree 63/2024 bundles among them)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    procedures = models.ManyToManyField(Procedure, related_name="bundles")
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"), default=0)
    project06_number = models.PositiveSmallIntegerField(null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")

    def __str__(self) -> str:
        return self.name


class BundleDocumentLink(models.Model):
    """Giấy tờ liên thông: a checklist item of one procedure of a bundle that another
    procedure of the same bundle issues (the child's birth certificate for its health
    insurance card, the death extract for the funeral allowance). The applicant does not
    hand it in; the agencies pass it along the bundle.

    The item is named, not linked by id: a catalogue import replaces a procedure's
    checklist rows, and the link must outlive that. It matches the item of that name
    (accents and case aside).
    """

    bundle = models.ForeignKey(
        Bundle, on_delete=models.CASCADE, related_name="document_links", verbose_name=_("bundle")
    )
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("procedure that needs it"),
    )
    document_name = models.CharField(_("document"), max_length=300)
    issued_by = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("procedure of the bundle that issues it"),
    )

    class Meta:
        ordering = ["bundle", "procedure", "document_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bundle", "procedure", "document_name"], name="uniq_bundle_document_link"
            ),
            models.CheckConstraint(
                condition=~models.Q(procedure=models.F("issued_by")),
                name="bundle_document_link_other_procedure",
                violation_error_message=_(
                    "A procedure does not issue a document it needs itself: choose another "
                    "procedure of the bundle."
                ),
            ),
        ]
        verbose_name = _("document passed along the bundle")
        verbose_name_plural = _("documents passed along the bundle")

    def __str__(self) -> str:
        return f"{self.bundle_id}: {self.document_name}"

    def clean(self) -> None:
        """Both procedures must be in the bundle (as saved; a link to one outside it would
        be ignored, which hides a mistake)."""
        if self.bundle_id is None or self.procedure_id is None or self.issued_by_id is None:
            return
        members = set(self.bundle.procedures.values_list("pk", flat=True))
        if not {self.procedure_id, self.issued_by_id} <= members:
            raise ValidationError(
                _("Both procedures must belong to the bundle (save its procedures first).")
            )
