"""Forms of the officer pages. They check shapes only; the services enforce the rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Procedure, RequiredDocument
from motcua.citizens.registry import PersonRecord
from motcua.core.errors import DomainError
from motcua.dossiers.hooks import IntakeOffer
from motcua.dossiers.inputs import MAX_TEXT, ActionInput, ApplicantInput, DocumentInput, IntakeInput
from motcua.dossiers.models import ApplicantKind, Delivery, Status
from motcua.dossiers.selectors import DossierFilter

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


# --- worklist ---------------------------------------------------------------


class WorklistTab:
    MINE = "mine"
    ALL = "all"
    LATE = "late"
    DUE_SOON = "due_soon"
    FROM_APPLICANTS = "online"


class WorklistForm(forms.Form):
    """The worklist's GET parameters. Late and due-soon tabs look at the officer's agency,
    as the counts at the top of the page do."""

    tab = forms.ChoiceField(
        required=False,
        choices=[
            (WorklistTab.MINE, _("My agency")),
            (WorklistTab.ALL, _("All I can see")),
            (WorklistTab.LATE, _("Late")),
            (WorklistTab.DUE_SOON, _("Due soon")),
            (WorklistTab.FROM_APPLICANTS, _("Filed or supplemented online")),
        ],
    )
    status = forms.ChoiceField(
        required=False, choices=[("", _("Any status")), *Status.choices], label=_("Status")
    )
    q = forms.CharField(required=False, max_length=100, label=_("Search"))

    def tab_value(self) -> str:
        if self.is_valid():
            return self.cleaned_data["tab"] or WorklistTab.MINE
        return WorklistTab.MINE

    def to_filter(self) -> DossierFilter:
        tab = self.tab_value()
        data = self.cleaned_data if self.is_valid() else {}
        return DossierFilter(
            status=data.get("status", ""),
            query=data.get("q", ""),
            late=tab == WorklistTab.LATE,
            due_soon=tab == WorklistTab.DUE_SOON,
            mine=tab != WorklistTab.ALL,
            from_applicant=tab == WorklistTab.FROM_APPLICANTS,
        )


# --- intake -----------------------------------------------------------------


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Find a procedure"))


@dataclass(frozen=True)
class ChecklistRow:
    document: RequiredDocument
    provided: forms.BoundField
    copies: forms.BoundField
    original_shown: forms.BoundField
    # "Take from the data store": only for items the catalogue marks reusable.
    from_store: forms.BoundField | None = None
    offers: tuple[IntakeOffer, ...] = ()


class ApplicantForm(forms.Form):
    """The applicant's fields, as intake and bundle intake ask for them."""

    applicant_kind = forms.ChoiceField(
        label=_("Applicant is"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(label=_("Full name / organisation"), max_length=200)
    applicant_id = forms.CharField(label=_("ID number / tax code"), max_length=20)
    applicant_birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    applicant_sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", "—"), ("male", _("Male")), ("female", _("Female"))],
    )
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("E-mail"), required=False)

    def applicant_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in self.fields
            if name.startswith("applicant_") and name != "applicant_kind"
        ]

    def to_applicant(self) -> ApplicantInput:
        data = self.cleaned_data
        return ApplicantInput(
            name=data["applicant_name"],
            id_number=data["applicant_id"],
            kind=data["applicant_kind"],
            birth_date=data["applicant_birth_date"],
            sex=data["applicant_sex"],
            address=data["applicant_address"],
            phone=data["applicant_phone"],
            email=data["applicant_email"],
        )


class BundleIntakeForm(ApplicantForm):
    """A bundle (liên thông) filed at the counter: which bundle, and the applicant."""

    bundle = forms.ChoiceField(label=_("Bundle"), widget=forms.RadioSelect)
    assisted = forms.BooleanField(
        label=_("Filed online for the applicant, who is present (assisted filing)"),
        required=False,
        initial=True,
        help_text=_("Project 06 services are filed online only: ticked for them."),
    )

    def __init__(self, *args: Any, bundles: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bundle"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared just above
        field.choices = [(b.code, b.name) for b in bundles]


class IntakeForm(ApplicantForm):
    """Step 2 of intake: the applicant, the checklist and the delivery of one procedure."""

    procedure = forms.CharField(widget=forms.HiddenInput, max_length=64)
    assisted = forms.BooleanField(
        label=_("Filed online for the applicant, who is present (assisted filing)"),
        required=False,
        help_text=_("Project 06 services are filed online only: ticked for them."),
    )
    sets = forms.IntegerField(label=_("Number of sets"), min_value=1, max_value=20, initial=1)
    delivery = forms.ChoiceField(
        label=_("Result delivery"),
        initial=Delivery.COUNTER,
        widget=forms.RadioSelect,
        choices=[(Delivery.COUNTER, Delivery.COUNTER.label), (Delivery.POST, Delivery.POST.label)],
    )
    delivery_address = forms.CharField(
        label=_("Postal address for the result"), max_length=300, required=False
    )
    request = forms.CharField(
        label=_("Request"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, procedure: Procedure, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial["procedure"] = procedure.code
        initial.setdefault("assisted", procedure.project06_number is not None)
        super().__init__(*args, **kwargs)
        self.procedure_obj = procedure
        self.documents = list(procedure.required_documents.all())
        self.checklist_errors: list[str] = []
        self.offers: dict[int, list[IntakeOffer]] = {}
        self.lookup_error = ""
        self.looked_up = False
        # The population-registry lookup's outcome, shown beside the applicant.
        self.registry_note = ""
        self.registry_error = ""
        for doc in self.documents:
            self._add_document_fields(doc)

    def _add_document_fields(self, doc: RequiredDocument) -> None:
        self.fields[f"doc_{doc.pk}"] = forms.BooleanField(
            label=doc.name, required=False, initial=doc.is_mandatory
        )
        self.fields[f"copies_{doc.pk}"] = forms.IntegerField(
            label=_("Copies"),
            min_value=0,  # 0: the original is only shown at the counter
            max_value=99,
            initial=doc.copies,
            widget=forms.NumberInput(attrs={"class": "num"}),
        )
        self.fields[f"original_{doc.pk}"] = forms.BooleanField(
            label=_("Original shown"), required=False, initial=doc.original_must_be_shown
        )
        if doc.reusable_from_store:
            self.fields[f"store_{doc.pk}"] = forms.BooleanField(
                label=_("From the data store"), required=False
            )

    def checklist(self) -> list[ChecklistRow]:
        return [
            ChecklistRow(
                doc,
                self[f"doc_{doc.pk}"],
                self[f"copies_{doc.pk}"],
                self[f"original_{doc.pk}"],
                self[f"store_{doc.pk}"] if f"store_{doc.pk}" in self.fields else None,
                tuple(self.offers.get(doc.pk, ())),
            )
            for doc in self.documents
        ]

    @classmethod
    def after_lookup(
        cls, data: Mapping[str, Any], *, procedure: Procedure, offers: dict[int, list[IntakeOffer]]
    ) -> IntakeForm:
        """The form as the officer left it, unbound (no errors yet), with the store's offers
        shown and ticked."""
        form = cls(procedure=procedure)
        initial: dict[str, Any] = {}
        for name, field in form.fields.items():
            if isinstance(field, forms.BooleanField):
                initial[name] = name in data
            elif name in data:
                initial[name] = data[name]
        for doc_id in offers:
            if f"store_{doc_id}" in form.fields:
                initial[f"store_{doc_id}"] = True
        form = cls(procedure=procedure, initial=initial)
        form.offers, form.looked_up = offers, True
        return form

    @classmethod
    def after_registry_lookup(
        cls, data: Mapping[str, Any], *, procedure: Procedure, person: PersonRecord | None
    ) -> IntakeForm:
        """The form as the officer left it, unbound, the applicant prefilled from the
        registry's record when there is one."""
        form = cls(procedure=procedure)
        initial: dict[str, Any] = {}
        for name, field in form.fields.items():
            if isinstance(field, forms.BooleanField):
                initial[name] = name in data
            elif name in data:
                initial[name] = data[name]
        if person is not None:
            initial.update(
                applicant_kind=ApplicantKind.PERSON,
                applicant_id=person.id_number,
                applicant_name=person.full_name,
                applicant_birth_date=person.birth_date,
                applicant_sex=person.sex,
                applicant_address=person.permanent_address,
            )
        return cls(procedure=procedure, initial=initial)

    def _documents(self) -> tuple[DocumentInput, ...]:
        data = self.cleaned_data
        return tuple(
            DocumentInput(
                name=doc.name,
                required_document_id=doc.pk,
                copies=data[f"copies_{doc.pk}"],
                original_shown=data[f"original_{doc.pk}"],
                provided=data[f"doc_{doc.pk}"],
                from_store=bool(data.get(f"store_{doc.pk}")),
            )
            for doc in self.documents
            if data[f"doc_{doc.pk}"] or data.get(f"store_{doc.pk}")
        )

    def to_input(self) -> IntakeInput:
        data = self.cleaned_data
        return IntakeInput(
            procedure_code=self.procedure_obj.code,
            applicant=self.to_applicant(),
            assisted=bool(data.get("assisted")),
            documents=self._documents(),
            sets=data["sets"],
            delivery=data["delivery"],
            delivery_address=data["delivery_address"],
            request=data["request"],
        )

    def add_domain_error(self, error: DomainError) -> None:
        """Show the service's refusal next to the field it names, or at the top."""
        if error.field == "documents":
            self.checklist_errors.append(error.message)
        elif error.field in self.fields:
            self.add_error(error.field, error.message)
        else:
            self.add_error(None, error.message)


# --- actions on a dossier ---------------------------------------------------

# The fields each action's form shows; the service reads the same ones.
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "assign": ("assignee", "note"),
    "hand_over": ("to_agency", "assignee", "note"),
    "request_supplement": ("missing", "reason"),
    "supplement": ("note",),
    "appraise": ("note",),
    "approve": ("note",),
    "sign": ("note",),
    "issue": ("result_number", "note"),
    "return": ("note",),
    "refuse": ("reason",),
    "stop": ("reason",),
    "withdraw": ("reason",),
    "apologize": ("reason", "new_due_at"),
}
# Fields the action cannot go without; the browser asks for them before posting.
ACTION_REQUIRED: dict[str, frozenset[str]] = {
    "assign": frozenset({"assignee"}),
    "hand_over": frozenset({"to_agency"}),
    "request_supplement": frozenset({"missing"}),
    "issue": frozenset({"result_number"}),
    "refuse": frozenset({"reason"}),
    "stop": frozenset({"reason"}),
    "withdraw": frozenset({"reason"}),
    "apologize": frozenset({"reason", "new_due_at"}),
}


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ActionForm(forms.Form):
    """One transition's parameters; only the fields of ``ACTION_FIELDS[action]`` remain."""

    action = forms.CharField(widget=forms.HiddenInput, max_length=32)
    assignee = forms.CharField(label=_("Officer"), required=False, max_length=150)
    to_agency = forms.CharField(label=_("To agency"), required=False, max_length=32)
    missing = forms.CharField(
        label=_("Missing items, one per line"),
        required=False,
        max_length=20000,
        widget=_textarea(3),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=MAX_TEXT, widget=_textarea(2)
    )
    new_due_at = forms.DateTimeField(
        label=_("New date and time"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    result_number = forms.CharField(label=_("Result number"), required=False, max_length=64)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=MAX_TEXT, widget=_textarea(1)
    )

    def __init__(
        self,
        *args: Any,
        action: str,
        assignees: Iterable[tuple[str, str]] = (),
        agencies: Iterable[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", f"id_{action}_%s")
        kwargs.setdefault("initial", {})["action"] = action
        super().__init__(*args, **kwargs)
        keep = {"action", *ACTION_FIELDS.get(action, ())}
        for name in [n for n in self.fields if n not in keep]:
            del self.fields[name]
        for name in ACTION_REQUIRED.get(action, frozenset()):
            self.fields[name].required = True
        if action == "assign":
            self.fields["assignee"].widget = forms.Select(choices=[("", "—"), *assignees])
        if action == "hand_over":
            self.fields["to_agency"].widget = forms.Select(choices=[("", "—"), *agencies])
            self.fields["assignee"].label = _("Officer's user name (optional)")

    def to_input(self) -> ActionInput:
        data = self.cleaned_data
        missing = tuple(line.strip() for line in data.get("missing", "").splitlines())
        return ActionInput(
            note=data.get("note", ""),
            assignee=data.get("assignee", ""),
            to_agency=data.get("to_agency", ""),
            missing=tuple(m for m in missing if m),
            reason=data.get("reason", ""),
            new_due_at=data.get("new_due_at"),
            result_number=data.get("result_number", ""),
        )

    def error_text(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)
