"""Aggregates read by the Decision 766 indicators, kept in step with every dossier change."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Procedure
from motcua.units.models import Agency

# The event counters of a DailyCount row, in the order reports show them.
COUNTERS: tuple[str, ...] = (
    "received",
    "received_online",
    "decided_early",
    "decided_on_time",
    "decided_late",
    "decided_repeat_supplement",
    "returned",
    "closed_without_result",
)


class DailyCount(models.Model):
    """Số liệu tổng hợp: what happened on one day to the dossiers of one procedure
    received by one agency (and handled by one competent agency).

    Each counter counts events on the day (Vietnam date) they happened: a
    dossier received on Monday and decided on Friday adds to ``received`` on
    Monday's row and to one ``decided_*`` counter on Friday's row. Rows are
    incremented inside the transaction of the dossier change
    (``reporting.services``) and can be rebuilt from the dossiers' history
    (``motcua indicators rebuild``).
    """

    receiving_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    competent_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    received = models.PositiveIntegerField(_("received"), default=0)
    received_online = models.PositiveIntegerField(_("received online"), default=0)
    decided_early = models.PositiveIntegerField(_("decided early"), default=0)
    decided_on_time = models.PositiveIntegerField(_("decided on time"), default=0)
    decided_late = models.PositiveIntegerField(_("decided late"), default=0)
    # Decided with more than one supplement request (counted late by Decision 766).
    decided_repeat_supplement = models.PositiveIntegerField(
        _("decided after more than one supplement request"), default=0
    )
    returned = models.PositiveIntegerField(_("results returned"), default=0)
    closed_without_result = models.PositiveIntegerField(
        _("refused, stopped or withdrawn"), default=0
    )

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
