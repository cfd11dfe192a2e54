"""The citizen's pages beyond the list: find a procedure, follow one of their dossiers,
download its result, rate it. Thin: the rules are in ``account_selectors`` and ``services``."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.catalogue.models import Bundle, Field
from motcua.catalogue.selectors import procedure_get, procedure_list
from motcua.citizens.models import Citizen
from motcua.core.errors import DomainError, NotFound
from motcua.core.lib.params import id_param
from motcua.core.lib.text import fold
from motcua.digitization.views import posted_file
from motcua.dossiers.bundles import (
    bundle_children,
    bundle_get,
    bundle_procedures,
    produced_in_bundle,
)
from motcua.dossiers.models import DossierBundle
from motcua.dossiers.selectors import online_offered, receiving_agencies
from motcua.dossiers.templatetags.dossier_tags import vn_datetime
from motcua.portal import filing
from motcua.portal.account_selectors import (
    citizen_filing_get,
    citizen_of,
    citizen_result_file,
    my_dossier,
)
from motcua.portal.models import OnlineDraft
from motcua.portal.services import dossier_rate_as_owner

PROCEDURES_PER_PAGE = 30


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    """Send an anonymous visitor to the sign-in page (their dossiers need them signed in)."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("citizen:home"))
    return None


@require_GET
def procedures(request: HttpRequest) -> HttpResponse:
    """Find a procedure: by words (accents optional), by field; the 25 essential online
    services of Project 06 first. Open to everyone."""
    query = request.GET.get("q", "")[:100]
    field_code = request.GET.get("field", "")[:32]
    found = procedure_list(query=query)
    if field_code:
        found = found.filter(field__code=field_code)
    page = Paginator(found, PROCEDURES_PER_PAGE).get_page(request.GET.get("page"))
    words = fold(query).split()
    bundles = [
        b
        for b in Bundle.objects.order_by("code")
        if all(w in fold(f"{b.code} {b.name}") for w in words)
    ]
    return render(
        request,
        "portal/procedures.html",
        {
            "query": query,
            "field": field_code,
            "fields": Field.objects.order_by("name"),
            "page": page,
            # Bundles (a handful) on the first page of a search without a field.
            "bundles": bundles if not field_code and page.number == 1 else [],
        },
    )


@require_GET
def bundle(request: HttpRequest, code: str) -> HttpResponse:
    """A bundle: its procedures filed together, what each needs (less what another
    procedure of the bundle issues), the bundle's time limit. Open to everyone."""
    try:
        found = bundle_get(code)
        procedures = bundle_procedures(found)
    except DomainError as exc:  # no such bundle, or fewer than two active procedures
        raise Http404(exc.message) from None
    produced = produced_in_bundle(found, procedures)
    return render(
        request,
        "portal/bundle.html",
        {
            "bundle": found,
            "procedures": [
                (p, [(d, produced.get(d.pk)) for d in p.required_documents.order_by("position")])
                for p in procedures
            ],
            "online": online_offered(procedures),
        },
    )


@require_POST
def bundle_draft_start(request: HttpRequest, code: str) -> HttpResponse:
    return _start(
        request,
        lambda citizen: filing.bundle_draft_start(citizen=citizen, bundle_code=code),
        back=reverse("citizen:bundle", args=[code]),
    )


@require_GET
def filed_bundle(request: HttpRequest, code: str) -> HttpResponse:
    """The citizen's bundle filing: its due time and state, and each child dossier."""
    if (redirect := _signed_in(request)) is not None:
        return redirect
    try:
        found = citizen_filing_get(citizen=citizen_of(request.user), code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None
    return render(
        request,
        "portal/account/filing.html",
        {"filing": found, "children": bundle_children(found)},
    )


@require_GET
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    """What a procedure needs, what it costs and how long it takes."""
    try:
        found = procedure_get(code=code[:64])
    except NotFound as exc:
        raise Http404(exc.message) from None
    if not found.is_active:
        raise Http404(_("No procedure has the code %(code)s.") % {"code": code})
    return render(
        request,
        "portal/procedure.html",
        {
            "procedure": found,
            "documents": found.required_documents.order_by("position", "pk"),
            "results": found.result_documents.all(),
            "online": online_offered([found]),
        },
    )


def dossier(request: HttpRequest, code: str) -> HttpResponse:
    if (redirect := _signed_in(request)) is not None:
        return redirect
    try:
        view = my_dossier(citizen=citizen_of(request.user), code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None
    return render(request, "portal/account/dossier.html", {"my": view, "dossier": view.dossier})


@require_GET
def result(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    if (redirect := _signed_in(request)) is not None:
        return redirect
    try:
        row = citizen_result_file(citizen=citizen_of(request.user), code=code, file_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name)


@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    if (redirect := _signed_in(request)) is not None:
        return redirect
    try:
        dossier_rate_as_owner(
            citizen=citizen_of(request.user),
            code=code,
            value=request.POST.get("value", ""),
            comment=request.POST.get("comment", ""),
        )
    except NotFound as exc:
        raise Http404(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your rating has been recorded."))
    return HttpResponseRedirect(reverse("citizen:dossier", args=[code]))


# --- filing online ----------------------------------------------------------------------


def _int(raw: str) -> int:
    """An id from a form field; 0 (no such row) for anything that is not one."""
    return id_param(raw) or 0


@require_POST
def draft_start(request: HttpRequest, code: str) -> HttpResponse:
    return _start(
        request,
        lambda citizen: filing.draft_start(citizen=citizen, procedure_code=code),
        back=reverse("citizen:procedure", args=[code]),
    )


def _start(
    request: HttpRequest, start: Callable[[Citizen | None], OnlineDraft], *, back: str
) -> HttpResponse:
    """Open a draft (of a procedure or a bundle) and go to it; back to ``back`` saying
    why when it cannot be filed online."""
    if (redirect := _signed_in(request)) is not None:
        return redirect
    try:
        draft = start(citizen_of(request.user))
    except NotFound as exc:
        raise Http404(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(reverse("citizen:draft", args=[draft.pk]))


def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft: choose the unit, attach a file per item or take it from the data store,
    save, submit or delete. Each button posts its ``action``."""
    if (redirect := _signed_in(request)) is not None:
        return redirect
    citizen = citizen_of(request.user)
    try:
        found = filing.draft_get(citizen=citizen, draft_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    here = HttpResponseRedirect(reverse("citizen:draft", args=[pk]))
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "upload":
                posted = posted_file(request)
                if posted is None:
                    return here
                filing.draft_file_put(
                    citizen=citizen,
                    draft_id=pk,
                    required_document_id=_int(request.POST.get("document", "")),
                    data=posted[0],
                    filename=posted[1],
                )
                messages.success(request, _("The file is attached."))
                return here
            if action == "delete":
                filing.draft_delete(citizen=citizen, draft_id=pk)
                messages.success(request, _("The draft is deleted."))
                return HttpResponseRedirect(reverse("citizen:home"))
            filing.draft_save(
                citizen=citizen,
                draft_id=pk,
                agency_code=request.POST.get("agency", "")[:32],
                request=request.POST.get("request", ""),
                from_store=[_int(v) for v in request.POST.getlist("from_store")][:50],
            )
            if action == "submit":
                submitted = filing.draft_submit(citizen=citizen, draft_id=pk)
                if isinstance(submitted, DossierBundle):
                    messages.success(
                        request,
                        _("Submitted: your bundle code is %(code)s; results promised for %(due)s.")
                        % {"code": submitted.code, "due": vn_datetime(submitted.due_at)},
                    )
                    return HttpResponseRedirect(reverse("citizen:filing", args=[submitted.code]))
                messages.success(
                    request,
                    _("Submitted: your dossier code is %(code)s; result promised for %(due)s.")
                    % {"code": submitted.code, "due": vn_datetime(submitted.promised_at)},
                )
                return HttpResponseRedirect(reverse("citizen:dossier", args=[submitted.code]))
            messages.success(request, _("The draft is saved."))
        except NotFound as exc:
            messages.error(request, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
        return here
    try:
        items = filing.draft_items(found)
        agencies = list(receiving_agencies(*filing.draft_procedures(found)))
    except DomainError as exc:  # a bundle changed in the catalogue since the draft began
        messages.error(request, exc.message)
        items, agencies = [], []
    return render(
        request,
        "portal/account/draft.html",
        {
            "draft": found,
            "items": items,
            "agencies": agencies,
            "max_mb": settings.MOTCUA_SCAN_MAX_BYTES // (1024 * 1024),
        },
    )


@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Answer a supplement request online: attach files, then send."""
    if (redirect := _signed_in(request)) is not None:
        return redirect
    citizen = citizen_of(request.user)
    back = HttpResponseRedirect(reverse("citizen:dossier", args=[code]))
    try:
        if request.POST.get("action") == "send":
            filing.supplement_send(citizen=citizen, code=code)
            messages.success(request, _("The supplement is sent; the agency continues."))
            return back
        posted = posted_file(request)
        if posted is not None:
            filing.supplement_file_add(
                citizen=citizen,
                code=code,
                item_id=_int(request.POST.get("item", "")),
                data=posted[0],
                filename=posted[1],
            )
            messages.success(request, _("The file is attached."))
    except NotFound as exc:
        raise Http404(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
    return back
