"""Forms of the resource pages: the plan's budget and a registers workbook."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.resources.xlsx import BIG_INT_MAX
from motcua.units.models import AdministrativeUnit, Officer, OneStopCounter


class PlanForm(forms.Form):
    budget = forms.IntegerField(
        label=_("Budget (VND)"), min_value=0, max_value=BIG_INT_MAX, initial=3_000_000_000
    )


def register_form(
    model: type[models.Model],
    *,
    unit: AdministrativeUnit,
    instance: models.Model,
    data: Any = None,
) -> forms.ModelForm:
    """A form for one row of a register of ``unit``: counters and officers of that unit only."""
    form_class = forms.modelform_factory(
        model,
        exclude=["unit"],
        widgets={"warranty_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
    )
    form = form_class(data=data, instance=instance)
    if "counter" in form.fields:
        form.fields["counter"].queryset = OneStopCounter.objects.filter(  # type: ignore[attr-defined]
            agency__unit=unit
        ).select_related("agency")
    if "officer" in form.fields:
        form.fields["officer"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            agency__unit=unit
        ).select_related("user", "agency")
    return form
