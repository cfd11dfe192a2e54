"""The citizen's and organisation's data store (kho dữ liệu điện tử), and reuse at intake."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.digitization.models import ScannedDocument
from motcua.dossiers.models import ApplicantKind, Dossier, DossierDocument


class DataStore(models.Model):
    """Kho dữ liệu điện tử của tổ chức, cá nhân: one owner's store.

    The owner is the applicant as dossiers record it: a person by the 12-digit
    personal ID number, an organisation by its tax (enterprise) code.
    """

    owner_kind = models.CharField(
        _("owner is"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    owner_id = models.CharField(_("ID number / tax code"), max_length=20)
    owner_name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["owner_kind", "owner_id"]
        constraints = [
            models.UniqueConstraint(fields=["owner_kind", "owner_id"], name="uniq_data_store_owner")
        ]
        verbose_name = _("data store")
        verbose_name_plural = _("data stores")

    def __str__(self) -> str:
        return f"{self.owner_id} {self.owner_name}".strip()


class EntryKind(models.TextChoices):
    DOCUMENT = "document", _("Digitized document")
    RESULT = "result", _("Result of a procedure")


class StoreEntry(models.Model):
    """A document in a data store, with the metadata that lets it be reused.

    The entry points at its source (the dossier, the checklist item and the
    ``ScannedDocument`` whose original and archival files stay where
    digitization put them): nothing is copied. The checksums repeat the scan's,
    so an entry can be checked against its file without the scan row.
    ``kind_key`` is the normalised document type that matches checklist items
    of other procedures (``warehouse.kinds.document_kind``).
    """

    store = models.ForeignKey(DataStore, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(
        _("entry kind"), max_length=8, choices=EntryKind.choices, default=EntryKind.DOCUMENT
    )
    title = models.CharField(_("document type"), max_length=300)
    kind_key = models.CharField(max_length=300, db_index=True, editable=False)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    number = models.CharField(_("number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: does not expire.")
    )
    source_dossier = models.ForeignKey(
        Dossier,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source dossier"),
    )
    source_item = models.ForeignKey(
        DossierDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source checklist item"),
    )
    # One entry per scan: filing the same scan again finds this row (idempotent).
    scan = models.OneToOneField(
        ScannedDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="store_entry",
        verbose_name=_("source file"),
    )
    original_sha256 = models.CharField(_("original SHA-256"), max_length=64, blank=True)
    archival_sha256 = models.CharField(_("archival SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["store", "-issued_on", "-id"]
        indexes = [models.Index(fields=["store", "kind_key"])]
        constraints = [
            # One result entry per dossier, whichever way it is filed.
            models.UniqueConstraint(
                fields=["source_dossier"],
                condition=Q(kind="result"),
                name="uniq_store_result_per_dossier",
            )
        ]
        verbose_name = _("data store entry")
        verbose_name_plural = _("data store entries")

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()

    def is_valid_on(self, day: date) -> bool:
        return self.valid_until is None or self.valid_until >= day


class ItemReuse(models.Model):
    """Tái sử dụng: a checklist item that could be, or was, taken from the data store.

    Written at intake for every item whose required document is reusable and
    whose store then held a valid entry (``held_at_intake``), and whenever an
    item is reused. ``entry`` set means the item *is* that entry, by
    reference: the reuse rate of Decision 766 counts these rows
    (``warehouse.selectors.reuse_rate``).
    """

    item = models.OneToOneField(
        DossierDocument, on_delete=models.CASCADE, related_name="store_reuse"
    )
    held_at_intake = models.BooleanField(_("the store held it at intake"), default=False)
    entry = models.ForeignKey(
        StoreEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reuses",
        verbose_name=_("reused entry"),
    )
    reused_at = models.DateTimeField(_("reused at"), null=True, blank=True)
    reused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["item"]
        verbose_name = _("reuse of a checklist item")
        verbose_name_plural = _("reuses of checklist items")

    # The rows the reuse rate counts, as a filter (``selectors.reuse_rate``) and per row.
    POSSIBLE = models.Q(held_at_intake=True) | models.Q(entry__isnull=False)

    def __str__(self) -> str:
        return f"{self.item_id} ← {self.entry_id}"

    def counted(self) -> tuple[bool, bool]:
        """Whether this row counts as (possible, reused) in the reuse rate."""
        return self.held_at_intake or self.reused, self.reused

    @property
    def reused(self) -> bool:
        return self.entry_id is not None
