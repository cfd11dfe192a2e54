"""Aggregates read by the Decision 766 indicators, kept in step with every dossier change."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Procedure
from motcua.units.models import Agency

# The counters of a DailyCount row, in the order reports show them. Each belongs
# to the day of one event of the dossier (see DailyCount).
RECEIPT_COUNTERS: tuple[str, ...] = (
    "received",
    "received_online",
    "received_person",
    "received_checked",
    "items_reusable",
    "items_reused",
    "synced",
)
DECISION_COUNTERS: tuple[str, ...] = (
    "decided_early",
    "decided_on_time",
    "decided_late",
    "decided_repeat_supplement",
    "decided_e_result",
    "decided_digitized",
    "handling_seconds",
    "rated",
    "rated_negative",
)
CLOSING_COUNTERS: tuple[str, ...] = ("returned", "closed_without_result")
COUNTERS: tuple[str, ...] = RECEIPT_COUNTERS + DECISION_COUNTERS + CLOSING_COUNTERS


class CountRow(models.Model):
    """The key columns and counters DailyCount and MonthlyCount share (one definition)."""

    receiving_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    competent_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    received = models.PositiveIntegerField(_("received"), default=0)
    received_online = models.PositiveIntegerField(_("received online"), default=0)
    decided_early = models.PositiveIntegerField(_("decided early"), default=0)
    decided_on_time = models.PositiveIntegerField(_("decided on time"), default=0)
    decided_late = models.PositiveIntegerField(_("decided late"), default=0)
    # Decided with more than one supplement request (counted late by Decision 766).
    decided_repeat_supplement = models.PositiveIntegerField(
        _("decided after more than one supplement request"), default=0
    )
    received_person = models.PositiveIntegerField(_("received from a person"), default=0)
    # The applicant's identity checked against population data (registry or VNeID).
    received_checked = models.PositiveIntegerField(
        _("applicant checked against population data"), default=0
    )
    items_reusable = models.PositiveIntegerField(
        _("checklist items the data store could provide"), default=0
    )
    items_reused = models.PositiveIntegerField(_("checklist items reused"), default=0)
    synced = models.PositiveIntegerField(_("synced to the national portal"), default=0)
    decided_e_result = models.PositiveIntegerField(
        _("decided with an electronic result"), default=0
    )
    # Every component had a file (a scan or a store entry) and the result was electronic.
    decided_digitized = models.PositiveIntegerField(_("decided fully digitized"), default=0)
    # Sum over the dossiers decided that day of the time from receipt to result.
    handling_seconds = models.PositiveBigIntegerField(_("handling time (seconds)"), default=0)
    rated = models.PositiveIntegerField(_("rated by the applicant"), default=0)
    rated_negative = models.PositiveIntegerField(_("rated “not satisfied”"), default=0)
    returned = models.PositiveIntegerField(_("results returned"), default=0)
    closed_without_result = models.PositiveIntegerField(
        _("refused, stopped or withdrawn"), default=0
    )

    class Meta:
        abstract = True


class DailyCount(CountRow):
    """Số liệu tổng hợp: what happened on one day to the dossiers of one procedure
    received by one agency (and handled by one competent agency).

    Each counter belongs to the day (Vietnam date) of one event of the dossier:
    a dossier received on Monday and decided on Friday adds to ``received`` on
    Monday's row and to one ``decided_*`` counter on Friday's row.

    - Receipt counters (``RECEIPT_COUNTERS``) describe the dossiers received
      that day, even when the fact comes later: a checklist item reused on
      Wednesday, or a sync to the national portal, adds to Monday's row, so
      "share of the dossiers received in May that were synced" is one sum.
    - Decision counters describe the dossiers whose result was issued that
      day: the verdict, whether an electronic result and every component's
      file existed then, the handling time, and the citizen's later rating.
    - Closing counters: returned, refused/stopped/withdrawn that day.

    Rows are incremented inside the transaction of the dossier change
    (``reporting.services``) and can be rebuilt from the dossiers' history
    (``motcua indicators rebuild``).
    """

    day = models.DateField(_("day"))

    class Meta:
        ordering = ["day", "receiving_agency", "procedure"]
        constraints = [
            models.UniqueConstraint(
                fields=["receiving_agency", "competent_agency", "procedure", "day"],
                name="uniq_daily_count_key",
            )
        ]
        # Reports filter a period first, then an agency or the agencies of a unit.
        indexes = [
            models.Index(fields=["day", "receiving_agency"]),
            models.Index(fields=["competent_agency", "day"]),
        ]
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")

    def __str__(self) -> str:
        return f"{self.day} {self.receiving_agency_id}/{self.procedure_id}"


class MonthlyCount(CountRow):
    """The sum of the DailyCount rows of one month (``month`` is its first day), same key
    otherwise, same counters: a period's sums read the whole months here and the days of
    the partial months at each end from DailyCount. Incremented in the same transaction
    by the same amounts as the daily row (``reporting.services.daily_count_add``), and
    rebuilt and checked with them (``motcua indicators rebuild``)."""

    month = models.DateField(_("month (its first day)"))

    class Meta:
        ordering = ["month", "receiving_agency", "procedure"]
        constraints = [
            models.UniqueConstraint(
                fields=["receiving_agency", "competent_agency", "procedure", "month"],
                name="uniq_monthly_count_key",
            )
        ]
        indexes = [
            models.Index(fields=["month", "receiving_agency"]),
            models.Index(fields=["competent_agency", "month"]),
        ]
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.receiving_agency_id}/{self.procedure_id}"
