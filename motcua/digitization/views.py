"""Officer pages of digitization: upload per checklist item, progress, downloads,
and the files of the counter's scanner folder that wait to be attached."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.core.errors import DomainError, NotFound
from motcua.core.lib.params import id_param
from motcua.digitization.checks import sniff_type
from motcua.digitization.coversheet import coversheet_pdf
from motcua.digitization.hotfolder import (
    hotfolder_attach,
    hotfolder_waiting,
    hotfolder_waiting_file,
    hotfolder_waiting_open,
)
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.results import (
    RESULT_STATUSES,
    result_attach,
    result_file_for_officer,
    result_files,
)
from motcua.digitization.search import search_scans
from motcua.digitization.selectors import scan_get, scan_list
from motcua.digitization.services import scan_retry, scan_upload
from motcua.dossiers.models import Dossier
from motcua.dossiers.views import dossier_or_404, officer_required
from motcua.units.models import Officer

RUNNING = (ScanStatus.QUEUED, ScanStatus.PROCESSING)
# What a browser shows by itself; anything else (TIFF) is downloaded.
PREVIEW_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


def checklist_item_id(raw: str) -> int | None:
    """The checklist item of a form: None for "—"; 0 (no such item) for anything not an id."""
    if not raw:
        return None
    return id_param(raw) or 0


def scans_panel(request: HttpRequest, dossier: Dossier) -> SafeString:
    """The "Digitized documents" card of the dossier page (registered in apps.py)."""
    scans = list(scan_list(dossier=dossier).select_related("dossier_document"))
    html = render_to_string(
        "digitization/_panel.html",
        {
            "dossier": dossier,
            "scans": scans,
            "items": dossier.documents.all(),
            "running": any(s.status in RUNNING for s in scans),
            "waiting": hotfolder_waiting(actor=request.user),
            "max_mb": settings.MOTCUA_SCAN_MAX_BYTES // (1024 * 1024),
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def results_panel(request: HttpRequest, dossier: Dossier) -> SafeString:
    """The "Electronic result" card of the dossier page, once a result can exist."""
    files = list(result_files(dossier=dossier))
    if not files and dossier.status not in RESULT_STATUSES:
        return SafeString("")
    html = render_to_string(
        "digitization/_results.html",
        {
            "dossier": dossier,
            "files": files,
            "may_attach": dossier.status in RESULT_STATUSES,
            "max_mb": settings.MOTCUA_SCAN_MAX_BYTES // (1024 * 1024),
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def posted_file(request: HttpRequest) -> tuple[bytes, str] | None:
    """The posted file's bytes and name, or None with the reason shown (an officer's or
    a citizen's page alike); its declared size is checked before it is read."""
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file to upload."))
        return None
    # Refused before it is read: the size the browser declared is checked first.
    if uploaded.size is None or uploaded.size > settings.MOTCUA_SCAN_MAX_BYTES:
        messages.error(
            request,
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.MOTCUA_SCAN_MAX_BYTES // (1024 * 1024)},
        )
        return None
    return uploaded.read(), uploaded.name or ""


@officer_required
@require_POST
def result_upload(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    dossier_or_404(request, code)
    posted = posted_file(request)
    if posted is not None:
        try:
            result_attach(actor=request.user, dossier_code=code, data=posted[0], filename=posted[1])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The electronic result is attached."))
    return redirect("dossiers:detail", code=code)


@officer_required
@require_GET
def result_download(request: HttpRequest, officer: Officer, code: str, pk: int) -> FileResponse:
    try:
        row = result_file_for_officer(actor=request.user, dossier_code=code, file_id=pk)
    except NotFound:
        raise Http404(_("No such file.")) from None
    return FileResponse(row.file.open("rb"), as_attachment=False, filename=row.name)


@officer_required
@require_POST
def upload(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    dossier_or_404(request, code)  # a stranger's dossier is "not found", as everywhere
    detail = redirect("dossiers:detail", code=code)
    posted = posted_file(request)
    if posted is None:
        return detail
    try:
        scan_upload(
            actor=request.user,
            dossier_code=code,
            data=posted[0],
            filename=posted[1] or "upload",
            checklist_item_id=checklist_item_id(request.POST.get("checklist_item", "")),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The file was received; digitization has started."))
    return detail


@officer_required
@require_GET
def progress(request: HttpRequest, officer: Officer, code: str) -> JsonResponse:
    """Step and percentage of each scan, polled by the dossier page."""
    dossier = dossier_or_404(request, code)
    rows = ScannedDocument.objects.filter(dossier=dossier).values(
        "pk", "status", "step", "progress", "error"
    )
    return JsonResponse(
        {"scans": [{**row, "status_label": str(ScanStatus(row["status"]).label)} for row in rows]}
    )


@officer_required
@require_GET
def download(request: HttpRequest, officer: Officer, code: str, pk: int, kind: str) -> FileResponse:
    dossier = dossier_or_404(request, code)
    document = scan_get(dossier=dossier, document_id=pk)
    field = {"original": "original", "archival": "archival"}.get(kind)
    if document is None or field is None or not getattr(document, field):
        raise Http404(_("No such file."))
    stored = getattr(document, field)
    name = document.original_name if kind == "original" else f"{dossier.code}-{pk}.pdf"
    return FileResponse(stored.open("rb"), as_attachment=kind == "original", filename=name)


@officer_required
@require_GET
def coversheets(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    """Cover sheets to print: one for the whole dossier, one per checklist item."""
    dossier = dossier_or_404(request, code)
    pages = [(dossier, None), *((dossier, item) for item in dossier.documents.all())]
    response = HttpResponse(coversheet_pdf(dossiers_items=pages), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-to-bia.pdf"'
    return response


@officer_required
@require_GET
def search(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Full-text search over digitized documents the officer may see."""
    query = request.GET.get("q", "")[:200]
    hits = search_scans(user=request.user, query=query) if query.strip() else []
    return render(request, "digitization/search.html", {"query": query, "hits": hits})


@officer_required
@require_POST
def retry(request: HttpRequest, officer: Officer, code: str, pk: int) -> HttpResponse:
    dossier_or_404(request, code)
    try:
        scan_retry(actor=request.user, dossier_code=code, document_id=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Digitization has started again."))
    return redirect("dossiers:detail", code=code)


@officer_required
@require_POST
def attach(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    """Attach a file waiting in the counter's scanner folder to the dossier."""
    dossier = dossier_or_404(request, code)
    name = request.POST.get("name", "")
    try:
        hotfolder_attach(
            actor=request.user,
            dossier_code=dossier.code,
            name=name,
            checklist_item_id=checklist_item_id(request.POST.get("checklist_item", "")),
        )
    except DomainError as exc:
        context = {"dossier": dossier, "message": exc.message}
        return render(request, "digitization/attach_refused.html", context, status=exc.status)
    messages.success(
        request, _("%(name)s was attached; digitization has started.") % {"name": name}
    )
    return redirect("dossiers:detail", code=dossier.code)


@officer_required
@require_GET
def waiting_file(request: HttpRequest, officer: Officer, code: str) -> FileResponse:
    """A waiting file of the counter's scanner folder, to look at before attaching it."""
    dossier_or_404(request, code)
    try:
        path = hotfolder_waiting_file(actor=request.user, name=request.GET.get("name", ""))
        handle = hotfolder_waiting_open(path)
    except NotFound as exc:
        raise Http404(exc.message) from None
    content_type = PREVIEW_TYPES.get(sniff_type(handle.read(16)) or "")
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=content_type is None,
        filename=path.name,
        content_type=content_type or "application/octet-stream",
    )
