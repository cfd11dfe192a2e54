"""Forms of the data store's pages. They check shapes only; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.forms import DATE_FORMATS
from motcua.warehouse.models import StoreEntry
from motcua.warehouse.services import EntryMetadata


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


class EntryMetadataForm(forms.Form):
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    number = forms.CharField(label=_("Number"), max_length=64, required=False)
    issued_on = _date_field(_("Issue date"))
    valid_until = _date_field(_("Valid until (empty: does not expire)"))

    @classmethod
    def of(cls, entry: StoreEntry) -> EntryMetadataForm:
        return cls(
            initial={
                "issuer": entry.issuer,
                "number": entry.number,
                "issued_on": entry.issued_on,
                "valid_until": entry.valid_until,
            }
        )

    def to_input(self) -> EntryMetadata:
        data = self.cleaned_data
        return EntryMetadata(
            issuer=data["issuer"],
            number=data["number"],
            issued_on=data["issued_on"],
            valid_until=data["valid_until"],
        )


class ReuseForm(forms.Form):
    entry = forms.IntegerField(min_value=1, max_value=2**31 - 1)
