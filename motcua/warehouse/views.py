"""Officer pages of the data store: the panel on the dossier page, reuse, metadata."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.views import dossier_or_404, officer_required
from motcua.units.models import Officer
from motcua.warehouse.forms import EntryMetadataForm, ReuseForm
from motcua.warehouse.models import StoreEntry
from motcua.warehouse.selectors import dossier_reuse_count, entry_of_dossier, store_view
from motcua.warehouse.services import (
    OPEN_FOR_REUSE,
    entry_update,
    item_reuse,
    store_may_change,
)


def _back(code: str) -> HttpResponse:
    return redirect(reverse("dossiers:detail", kwargs={"code": code}) + "#store")


def store_panel(request: HttpRequest, dossier: Dossier) -> SafeString:
    """The "Applicant's data store" card of the dossier page (registered in apps.py)."""
    may_change = store_may_change(actor=request.user, dossier=dossier)
    html = render_to_string(
        "warehouse/_panel.html",
        {
            "dossier": dossier,
            "view": store_view(actor=request.user, dossier=dossier, via="page"),
            "count": dossier_reuse_count(dossier),
            "may_change": may_change,
            "may_reuse": may_change and dossier.status in OPEN_FOR_REUSE,
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


@require_POST
@officer_required
def reuse(request: HttpRequest, officer: Officer, code: str, item: int) -> HttpResponse:
    dossier_or_404(request, code)  # a stranger's dossier is "not found", as everywhere
    form = ReuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document of the data store."))
        return _back(code)
    try:
        item_reuse(
            actor=request.user,
            dossier_code=code,
            item_id=item,
            entry_id=form.cleaned_data["entry"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The item is taken from the data store (linked, not copied)."))
    return _back(code)


@officer_required
def entry_edit(request: HttpRequest, officer: Officer, code: str, pk: int) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    entry = entry_of_dossier(actor=request.user, dossier=dossier, entry_id=pk)
    if entry is None:
        raise Http404(_("This dossier filed no such document in the store."))
    if request.method != "POST":
        form = EntryMetadataForm.of(entry)
        return render(
            request, "warehouse/entry_edit.html", {"dossier": dossier, "entry": entry, "form": form}
        )
    form = EntryMetadataForm(request.POST)
    if form.is_valid():
        try:
            entry_update(actor=request.user, dossier_code=code, entry_id=pk, data=form.to_input())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The document's details are saved."))
            return _back(code)
    return _edit_page(request, dossier, entry, form, status=400)


def _edit_page(
    request: HttpRequest,
    dossier: Dossier,
    entry: StoreEntry,
    form: EntryMetadataForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "warehouse/entry_edit.html",
        {"dossier": dossier, "entry": entry, "form": form},
        status=status,
    )
