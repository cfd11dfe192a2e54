"""Officer pages: worklist, intake, the dossier page, its actions and its printed forms.

Each view parses, fetches through the access helpers, calls one service or
selector and renders; the rules live in ``services`` and ``selectors``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.catalogue.models import Procedure
from motcua.catalogue.selectors import procedure_get, procedure_list
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.access import (
    dossier_read_record,
    dossiers_visible_to,
    get_dossier_for_officer,
    officer_may_receive,
    officer_of,
)
from motcua.dossiers.bundles import (
    bundle_children,
    bundle_get_for_officer,
    bundle_list,
    bundle_receive,
)
from motcua.dossiers.forms import (
    ACTION_FIELDS,
    ActionForm,
    BundleIntakeForm,
    IntakeForm,
    ProcedureSearchForm,
    WorklistForm,
)
from motcua.dossiers.hooks import intake_offers
from motcua.dossiers.models import Dossier, VerificationOutcome
from motcua.dossiers.panels import panels_render
from motcua.dossiers.printouts import (
    FORM_TITLES,
    FormNo,
    printout_available,
    printout_render,
)
from motcua.dossiers.registry_check import applicant_registry_lookup, mismatch_labels
from motcua.dossiers.selectors import (
    applicant_news,
    dossier_counts,
    dossier_flag,
    dossier_list,
    due_soon_threshold,
)
from motcua.dossiers.services import (
    dossier_actions_for,
    dossier_receive,
    dossier_transition,
    officer_candidates,
)
from motcua.dossiers.templatetags.dossier_tags import vn_datetime
from motcua.dossiers.transitions import BY_ACTION, Transition
from motcua.units.models import Officer
from motcua.units.selectors import agency_handover_targets, person_name

P = ParamSpec("P")
OfficerView = Callable[Concatenate[HttpRequest, Officer, P], HttpResponseBase]
PAGE_SIZE = 50
PICKER_LIMIT = 100


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A plain page that says what is not allowed, with status 403."""
    return render(request, "403.html", {"message": message}, status=403)


def officer_required(
    view: OfficerView[P],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Log in first; then only accounts with an officer profile get through."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        officer = officer_of(request.user)
        if officer is None:
            return forbidden(request, _("This account is not an officer account."))
        return view(request, officer, *args, **kwargs)

    return login_required(wrapper)


def dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    try:
        return get_dossier_for_officer(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None


# --- worklist ---------------------------------------------------------------


@officer_required
def worklist(request: HttpRequest, officer: Officer) -> HttpResponse:
    form = WorklistForm(request.GET)
    now = timezone.now()
    dossiers = dossier_list(user=request.user, filters=form.to_filter(), now=now)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    soon = due_soon_threshold(user=request.user, now=now)
    return render(
        request,
        "dossiers/worklist.html",
        {
            "form": form,
            "tab": form.tab_value(),
            "page": page,
            "rows": [(d, dossier_flag(d, now=now, soon=soon), applicant_news(d)) for d in page],
            "counts": dossier_counts(user=request.user, now=now),
            "may_receive": officer_may_receive(officer),
        },
    )


# --- intake -----------------------------------------------------------------


@officer_required
def intake(request: HttpRequest, officer: Officer) -> HttpResponse:
    if not officer_may_receive(officer):
        return forbidden(request, _("Only counter officers receive dossiers."))
    code = request.POST.get("procedure") or request.GET.get("procedure", "")
    if not code:
        return _procedure_picker(request)
    try:
        procedure = procedure_get(code=code[:64])
    except NotFound as exc:
        raise Http404(exc.message) from None
    if request.method == "POST":
        return _intake_post(request, procedure)
    return _intake_page(request, IntakeForm(procedure=procedure))


def _procedure_picker(request: HttpRequest) -> HttpResponse:
    form = ProcedureSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    procedures = procedure_list(query=query)[: PICKER_LIMIT + 1]
    shown = list(procedures)
    return render(
        request,
        "dossiers/intake_pick.html",
        {
            "form": form,
            "query": query,
            "procedures": shown[:PICKER_LIMIT],
            "more": len(shown) > PICKER_LIMIT,
        },
    )


def _intake_page(request: HttpRequest, form: IntakeForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "dossiers/intake_form.html",
        {"form": form, "procedure": form.procedure_obj},
        status=status,
    )


def _intake_post(request: HttpRequest, procedure: Procedure) -> HttpResponse:
    if "store_lookup" in request.POST:
        return _intake_store_lookup(request, procedure)
    if "registry_lookup" in request.POST:
        return _intake_registry_lookup(request, procedure)
    form = IntakeForm(request.POST, procedure=procedure)
    if not form.is_valid():
        return _intake_page(request, form, status=400)
    try:
        dossier = dossier_receive(actor=request.user, data=form.to_input())
    except DomainError as exc:
        form.add_domain_error(exc)
        return _intake_page(request, form, status=400)
    messages.success(request, _received_message(dossier))
    warning = _registry_warning(dossier)
    if warning:
        messages.warning(request, warning)
    return redirect("dossiers:detail", code=dossier.code)


def _intake_registry_lookup(request: HttpRequest, procedure: Procedure) -> HttpResponse:
    """The form again, the applicant prefilled from the population registry."""
    try:
        person = applicant_registry_lookup(
            actor=request.user, id_number=request.POST.get("applicant_id", "")[:20]
        )
    except DomainError as exc:
        form = IntakeForm.after_registry_lookup(request.POST, procedure=procedure, person=None)
        form.registry_error = exc.message
        return _intake_page(request, form)
    form = IntakeForm.after_registry_lookup(request.POST, procedure=procedure, person=person)
    form.registry_note = (
        _("Filled in from the population registry; check it with the applicant.")
        if person is not None
        else _("No person with this ID number in the population registry.")
    )
    return _intake_page(request, form)


def _registry_warning(dossier: Dossier) -> str:
    """What the officer should know about the registry check; the dossier is received."""
    outcome = dossier.applicant_verification
    if outcome == VerificationOutcome.MISMATCH:
        return _(
            "The population registry records a different %(fields)s for this ID number. "
            "Check the applicant's papers; correct or refuse the dossier if needed."
        ) % {"fields": ", ".join(mismatch_labels(dossier.applicant_mismatches)).lower()}
    if outcome == VerificationOutcome.NOT_FOUND:
        return _("This ID number is not in the population registry.")
    if outcome == VerificationOutcome.UNAVAILABLE:
        return _("The population registry did not answer; the applicant was not verified.")
    return ""


def _intake_store_lookup(request: HttpRequest, procedure: Procedure) -> HttpResponse:
    """The form again, with what the applicant's data store holds for this checklist."""
    try:
        offers = intake_offers(
            actor=request.user,
            procedure=procedure,
            applicant_kind=request.POST.get("applicant_kind", "")[:20],
            applicant_id=request.POST.get("applicant_id", "")[:20],
        )
    except DomainError as exc:
        form = IntakeForm.after_lookup(request.POST, procedure=procedure, offers={})
        form.lookup_error = exc.message
        return _intake_page(request, form)
    return _intake_page(
        request, IntakeForm.after_lookup(request.POST, procedure=procedure, offers=offers)
    )


def _received_message(dossier: Dossier) -> str:
    text = _("Dossier %(code)s received; result due %(due)s.") % {
        "code": dossier.code,
        "due": vn_datetime(dossier.due_at),
    }
    url = reverse("dossiers:printout", kwargs={"code": dossier.code, "no": "01"})
    return format_html(
        '{} <a href="{}" target="_blank">{}</a>', text, url, _("Print the receipt (form 01)")
    )


# --- the dossier page -------------------------------------------------------


@officer_required
def detail(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    dossier_read_record(user=request.user, dossier=dossier, via="page")
    now = timezone.now()
    actions = dossier_actions_for(actor=request.user, dossier=dossier)
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "flag": dossier_flag(
                dossier, now=now, soon=due_soon_threshold(user=request.user, now=now)
            ),
            "documents": dossier.documents.all(),
            "history": dossier.history.select_related("actor", "agency"),
            "handovers": _handovers(dossier),
            "action_forms": _action_forms(dossier, actions),
            "printouts": _printouts(dossier),
            "panels": panels_render(request, dossier),
            "mismatch_labels": mismatch_labels(dossier.applicant_mismatches),
        },
    )


def _handovers(dossier: Dossier) -> QuerySet[Any]:
    return dossier.handovers.select_related("from_agency", "to_agency", "from_user", "to_user")


def _action_forms(
    dossier: Dossier, actions: list[Transition]
) -> list[tuple[Transition, ActionForm]]:
    names = {t.action for t in actions}
    assignees = _assignee_choices(dossier) if "assign" in names else []
    agencies = _agency_choices(dossier) if "hand_over" in names else []
    return [
        (t, ActionForm(action=t.action, assignees=assignees, agencies=agencies))
        for t in actions
        if t.action in ACTION_FIELDS
    ]


def _assignee_choices(dossier: Dossier) -> list[tuple[str, str]]:
    return [
        (o.user.get_username(), f"{person_name(o.user)} — {o.get_role_display()} — {o.agency.name}")
        for o in officer_candidates(dossier=dossier)
    ]


def _agency_choices(dossier: Dossier) -> list[tuple[str, str]]:
    agencies = agency_handover_targets(dossier.current_agency)
    return [(a.code, a.name) for a in agencies.only("code", "name")]


def _printouts(dossier: Dossier) -> list[tuple[str, str]]:
    """(form number, title) of the printed forms that apply to the dossier."""
    return [(str(form), FORM_TITLES[form]) for form in printout_available(dossier)]


@require_POST
@officer_required
def act(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    action = request.POST.get("action", "")
    form = ActionForm(request.POST, action=action)
    if action not in BY_ACTION:
        messages.error(request, _("Unknown action."))
    elif not form.is_valid():
        messages.error(request, form.error_text())
    else:
        _transition(request, dossier, BY_ACTION[action], form)
    return redirect("dossiers:detail", code=dossier.code)


def _transition(
    request: HttpRequest, dossier: Dossier, transition: Transition, form: ActionForm
) -> None:
    try:
        dossier_transition(
            actor=request.user, code=dossier.code, action=transition.action, params=form.to_input()
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return
    messages.success(request, _("Done: %(action)s.") % {"action": transition.label})


# --- printed forms ----------------------------------------------------------


@officer_required
def printout(request: HttpRequest, officer: Officer, code: str, no: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    try:
        form = FormNo(no)
    except ValueError:
        raise Http404(_("No such form.")) from None
    if form not in printout_available(dossier):
        raise Http404(_("This form does not apply to the dossier."))
    response = HttpResponse(
        printout_render(dossier=dossier, form=form), content_type="application/pdf"
    )
    disposition = content_disposition_header(
        as_attachment=False, filename=f"{dossier.code}-{form}.pdf"
    )
    response["Content-Disposition"] = disposition or "inline"
    return response


# --- bundles (liên thông) -------------------------------------------------------


@officer_required
def bundle_new(request: HttpRequest, officer: Officer) -> HttpResponse:
    """File a bundle at the counter: the applicant once, a child dossier per procedure."""
    if not officer_may_receive(officer):
        return forbidden(request, _("Only counter officers receive dossiers."))
    bundles = bundle_list()
    form = BundleIntakeForm(request.POST or None, bundles=bundles)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                filing = bundle_receive(
                    actor=request.user,
                    bundle_code=form.cleaned_data["bundle"],
                    applicant=form.to_applicant(),
                    assisted=form.cleaned_data["assisted"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Bundle %(code)s received: one dossier per procedure, "
                        "every result due by %(due)s."
                    )
                    % {"code": filing.code, "due": vn_datetime(filing.due_at)},
                )
                return redirect("dossiers:bundle", code=filing.code)
    return render(
        request, "dossiers/bundle_new.html", {"form": form, "bundles": bundles}, status=status
    )


@officer_required
def bundle_detail(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    try:
        filing = bundle_get_for_officer(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None
    visible = set(
        dossiers_visible_to(request.user).filter(part_of=filing).values_list("pk", flat=True)
    )
    return render(
        request,
        "dossiers/bundle_detail.html",
        {"filing": filing, "children": bundle_children(filing), "visible": visible},
    )
