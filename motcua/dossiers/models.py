"""Dossiers (hồ sơ), their checklist, history, control sheet and code sequences."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Bundle, Procedure, RequiredDocument
from motcua.units.models import Agency, OneStopCounter


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Being handled")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Waiting for supplement")
    APPRAISED = "appraised", _("Appraised")
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", _("Signed")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Result returned")
    REFUSED = "refused", _("Refused")
    STOPPED = "stopped", _("Stopped")
    WITHDRAWN = "withdrawn", _("Withdrawn")


TERMINAL_STATUSES = frozenset({Status.RETURNED, Status.REFUSED, Status.STOPPED, Status.WITHDRAWN})
# Statuses in which the result exists: the dossier is "finished" for timeliness.
FINISHED_STATUSES = frozenset({Status.RESULT_READY, Status.RETURNED})
# Closed without a result.
CLOSED_WITHOUT_RESULT = TERMINAL_STATUSES - FINISHED_STATUSES
# Being handled, the clock running: what can be late or due soon. While the
# citizen is asked for a supplement the clock stops (Decree 118/2025).
CLOCK_RUNNING_STATUSES = frozenset(
    s for s in Status if s not in TERMINAL_STATUSES | FINISHED_STATUSES
) - {Status.SUPPLEMENT_REQUESTED}


class Verdict(models.TextChoices):
    """Timeliness (Decision 766): of a dossier, and of each step on the control sheet."""

    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class Channel(models.TextChoices):
    """Codes as used in the national sync: 1 in person, 2 online, 3 post."""

    IN_PERSON = "1", _("In person")
    ONLINE = "2", _("Online")
    POST = "3", _("By post")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class VerificationSource(models.TextChoices):
    """Who verified the applicant's identity at intake (a Decision 766 indicator)."""

    NONE = "", _("Not verified")
    REGISTRY_LOCAL = "registry_local", _("Local population registry")
    REGISTRY_NATIONAL = "registry_national", _("National population database")
    VNEID = "vneid", _("VNeID")


class VerificationOutcome(models.TextChoices):
    NOT_CHECKED = "", _("Not checked")
    MATCHED = "matched", _("Matches the registry")
    MISMATCH = "mismatch", _("Differs from the registry")
    NOT_FOUND = "not_found", _("Not in the registry")
    UNAVAILABLE = "unavailable", _("Registry unavailable")


class Delivery(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class BundleStatus(models.TextChoices):
    OPEN = "open", _("Being handled")
    COMPLETED = "completed", _("All results ready")
    CLOSED = "closed", _("Closed, not every result issued")


class DossierBundle(models.Model):
    """Hồ sơ liên thông (Decree 63/2024): one filing of a bundle of procedures, e.g. a
    child's birth registration, permanent residence and health-insurance card.

    Each procedure becomes a child dossier handled by its own competent agency
    under the ordinary state machine; the bundle is complete when every child has
    its result, and is judged against the bundle's own time limit.
    """

    code = models.CharField(_("bundle code"), max_length=64, unique=True)
    bundle = models.ForeignKey(
        Bundle, on_delete=models.PROTECT, related_name="filings", verbose_name=_("bundle")
    )
    receiving_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving unit")
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id = models.CharField(_("ID number / tax code"), max_length=20, db_index=True)
    channel = models.CharField(
        _("channel"), max_length=1, choices=Channel.choices, default=Channel.IN_PERSON
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BundleStatus.choices, default=BundleStatus.OPEN
    )
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("due at"))
    completed_at = models.DateTimeField(_("all results ready at"), null=True, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=8, choices=Verdict.choices, blank=True
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "due_at"])]
        verbose_name = _("bundle filing")
        verbose_name_plural = _("bundle filings")

    def __str__(self) -> str:
        return self.code


class Dossier(models.Model):
    """Hồ sơ: one request of a citizen or organisation under one procedure.

    ``status`` changes only through the transition services in
    ``dossiers.services``; every change leaves a StatusChange and an audit row.
    """

    code = models.CharField(_("dossier code"), max_length=64, unique=True)
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="dossiers")
    receiving_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving unit")
    )
    counter = models.ForeignKey(
        OneStopCounter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    competent_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competent agency")
    )
    current_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("held by")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    channel = models.CharField(
        _("channel"), max_length=1, choices=Channel.choices, default=Channel.IN_PERSON
    )

    applicant_kind = models.CharField(
        max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id = models.CharField(_("ID number / tax code"), max_length=20, db_index=True)
    applicant_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    applicant_sex = models.CharField(_("sex"), max_length=6, blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    # Folded to ASCII lower case so "nguyen van hung" finds "Nguyễn Văn Hùng"
    # with a plain index on both databases.
    applicant_search = models.CharField(max_length=200, db_index=True, editable=False)
    # The population-registry check at intake (dossiers.registry_check): the
    # source that answered, its verdict and the fields it disagreed on. Not a
    # refusal: the officer decides. Counted by the Decision 766 indicators.
    applicant_verified_by = models.CharField(
        _("verified by"),
        max_length=20,
        choices=VerificationSource.choices,
        blank=True,
        default=VerificationSource.NONE,
    )
    applicant_verification = models.CharField(
        _("registry check"),
        max_length=12,
        choices=VerificationOutcome.choices,
        blank=True,
        default=VerificationOutcome.NOT_CHECKED,
    )
    applicant_mismatches = models.JSONField(
        _("fields differing from the registry"), default=list, blank=True
    )

    request = models.TextField(_("request"), blank=True)
    sets = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    delivery = models.CharField(
        _("result delivery"), max_length=8, choices=Delivery.choices, default=Delivery.COUNTER
    )
    delivery_address = models.CharField(
        _("postal address for the result"), max_length=300, blank=True
    )
    fee = models.PositiveIntegerField(_("fee (VND)"), default=0)

    # The procedure's limit as it stood at intake: editing the catalogue later
    # must not move the date already promised on the receipt slip.
    time_limit = models.PositiveIntegerField(_("time limit"), default=0)
    time_limit_unit = models.CharField(
        _("time limit unit"),
        max_length=8,
        choices=Procedure.LimitUnit.choices,
        default=Procedure.LimitUnit.WORKING_DAYS,
    )
    cutoff_hour = models.TimeField(_("cut-off hour"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    counted_from = models.DateTimeField(_("time limit counted from"))
    due_at = models.DateTimeField(_("due at"))
    extended_due_at = models.DateTimeField(_("new date after apology"), null=True, blank=True)
    finished_at = models.DateTimeField(_("result ready at"), null=True, blank=True)
    # deadlines.timeliness() as of the last transition: early / on time / late,
    # or empty while open and not late, or when closed without a result.
    timeliness = models.CharField(
        _("timeliness"), max_length=8, choices=Verdict.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    result_number = models.CharField(_("result number"), max_length=64, blank=True)
    register_entry = models.PositiveIntegerField(_("register entry"), null=True, blank=True)
    # Publicity (Decision 766): when the dossier was last synced to the national
    # portal. A flag for now: the sync itself is not built.
    synced_at = models.DateTimeField(_("synced to the national portal"), null=True, blank=True)
    # The applicant's step online ("receive": filed, "supplement": sent the supplement)
    # that no officer has acted on yet; "" once one has. Kept by the history writers of
    # dossiers.services, read by the worklist.
    applicant_step = models.CharField(max_length=16, blank=True, default="", db_default="")
    # A child dossier of a bundle filing (Decree 63/2024), or None.
    part_of = models.ForeignKey(
        DossierBundle,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of the bundle"),
    )

    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Filed online at the counter's assisted computer by this officer, on behalf of an
    # applicant who was present (Project 06 services are filed online only).
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed with the help of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["current_agency", "status", "due_at"]),
            models.Index(fields=["receiving_agency", "received_at"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(
                fields=["applicant_verified_by", "applicant_verification"],
                name="dossier_applicant_verified",
            ),
            # The open dossiers whose clock runs, by due time: the live counts and lists of
            # the indicators (now late, due soon) read only these, not every dossier of a
            # status. The agencies are the last key columns (not ``include``, which only
            # PostgreSQL supports) so the unit and agency filters are checked from the
            # index alone.
            models.Index(
                fields=["due_at", "id", "receiving_agency", "competent_agency"],
                condition=models.Q(status__in=sorted(CLOCK_RUNNING_STATUSES)),
                name="dossier_running_due",
            ),
        ]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL_STATUSES and self.status not in FINISHED_STATUSES

    @property
    def promised_at(self) -> datetime:
        """The date given to the applicant: the apology's new date if one was sent."""
        return self.extended_due_at or self.due_at


class DossierDocument(models.Model):
    """Thành phần hồ sơ đã nộp: an item of the checklist as handed in."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        RequiredDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    original_shown = models.BooleanField(_("original shown"), default=False)
    provided = models.BooleanField(_("provided"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Set by the data store app when the item is a reference to an entry of the
    # applicant's store (the link itself is kept there): not handed in again.
    from_store = models.BooleanField(_("taken from the data store"), default=False)

    class Meta:
        ordering = ["dossier", "id"]
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")

    def __str__(self) -> str:
        return self.name


class StatusChange(models.Model):
    """Lịch sử: one transition of a dossier. Timeliness is computed from these rows."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at"])]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.from_status}→{self.to_status}"


class Handover(models.Model):
    """A row of the process control sheet (form 06): who passed the dossier to whom, when."""

    Verdict = Verdict

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handovers")
    at = models.DateTimeField()
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(max_length=200, blank=True)
    verdict = models.CharField(max_length=8, choices=Verdict.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["to_agency", "dossier"])]
        verbose_name = _("hand-over")
        verbose_name_plural = _("control sheet")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_agency_id}→{self.to_agency_id}"


class CodeSequence(models.Model):
    """The last dossier number given by an agency on a day. Claimed with SELECT FOR UPDATE."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="uniq_code_seq_day")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} #{self.last}"


class Rating(models.TextChoices):
    """The citizen's one-tap rating of a returned dossier."""

    GOOD = "good", _("Satisfied")
    FAIR = "fair", _("Acceptable")
    BAD = "bad", _("Not satisfied")


class DossierRating(models.Model):
    """Đánh giá: the applicant's rating of how the dossier was handled, once, after the return."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    value = models.CharField(_("rating"), max_length=4, choices=Rating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    at = models.DateTimeField(_("rated at"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.value}"


class ResultFile(models.Model):
    """Kết quả điện tử: an electronic copy of the result (a PDF), attached before it is
    handed over. A dossier "has an electronic result" (Decision 766) when it has one."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="result_files")
    file = models.FileField(_("file"), upload_to="results/%Y/%m/", max_length=255)
    name = models.CharField(_("file name as uploaded"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    signed = models.BooleanField(_("digitally signed"), default=False)
    uploaded_at = models.DateTimeField(_("attached at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "uploaded_at", "id"]
        verbose_name = _("electronic result")
        verbose_name_plural = _("electronic results")

    def __str__(self) -> str:
        return self.name
