"""Bundles (Decree 63/2024): one filing splits into a child dossier per procedure, each
handled by its own agency; the bundle completes when every child has its result, and is
judged against the bundle's own limit (3 working days for the birth bundle)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from motcua.api.services import api_token_issue
from motcua.catalogue.models import BundleDocumentLink, Procedure
from motcua.citizens.registry import LocalRegistry
from motcua.core.errors import DomainError
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.bundles import bundle_receive
from motcua.dossiers.models import BundleStatus, Dossier, DossierBundle, DossierDocument, Status
from tests.api.conftest import Api
from tests.conftest import BirthBundle
from tests.dossiers.helpers import HUNG, act
from tests.dossiers.helpers import bundle_child_decide as decide

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def test_a_bundle_splits_into_a_dossier_per_agency_and_completes_with_the_last(
    world: Any, birth: BirthBundle
) -> None:
    filing = bundle_receive(
        actor=world.counter, bundle_code="LT-KHAISINH", applicant=HUNG, at=MONDAY
    )
    children = list(filing.children.order_by("procedure__code"))
    assert [c.competent_agency for c in children] == [world.centre, birth.police, birth.insurance]
    assert {c.status for c in children} == {Status.RECEIVED}
    assert all(c.applicant_id == HUNG.id_number for c in children)
    # The bundle's own limit: 3 working days from Monday 09:00.
    assert filing.due_at == datetime(2026, 3, 5, 9, 0, tzinfo=VN_TZ)
    assert filing.code.startswith(world.centre.code) and filing.status == BundleStatus.OPEN

    decide(world, birth, children[0], at=MONDAY + timedelta(hours=2))
    decide(world, birth, children[1], at=MONDAY + timedelta(days=1))
    filing.refresh_from_db()
    assert (filing.status, filing.completed_at) == (BundleStatus.OPEN, None)

    last = MONDAY + timedelta(days=2)
    decide(world, birth, children[2], at=last)
    filing.refresh_from_db()
    assert (filing.status, filing.completed_at, filing.timeliness) == (
        BundleStatus.COMPLETED,
        last,
        "early",
    )
    # Returning the results does not change when the bundle completed.
    act(world.counter, children[0], "return", at=last + timedelta(days=5))
    filing.refresh_from_db()
    assert filing.completed_at == last


def test_a_bundle_finished_after_its_limit_is_late_even_if_each_child_is_on_time(
    world: Any, birth: BirthBundle
) -> None:
    filing = bundle_receive(
        actor=world.counter, bundle_code="LT-KHAISINH", applicant=HUNG, at=MONDAY
    )
    children = list(filing.children.order_by("procedure__code"))
    decide(world, birth, children[0], at=MONDAY + timedelta(hours=1))
    decide(world, birth, children[2], at=MONDAY + timedelta(days=1))
    # Permanent residence alone has 7 working days; the bundle only 3.
    decide(world, birth, children[1], at=MONDAY + timedelta(days=6))
    filing.refresh_from_db()
    assert (filing.status, filing.timeliness) == (BundleStatus.COMPLETED, "late")
    assert Dossier.objects.get(pk=children[1].pk).timeliness in {"early", "on_time"}


def test_a_refused_child_closes_the_bundle_once_the_others_are_settled(
    world: Any, birth: BirthBundle
) -> None:
    filing = bundle_receive(
        actor=world.counter, bundle_code="LT-KHAISINH", applicant=HUNG, at=MONDAY
    )
    children = list(filing.children.order_by("procedure__code"))
    act(world.counter, children[1], "refuse", reason="Chỗ ở không hợp pháp", at=MONDAY)
    filing.refresh_from_db()
    assert filing.status == BundleStatus.OPEN
    decide(world, birth, children[0], at=MONDAY + timedelta(hours=1))
    decide(world, birth, children[2], at=MONDAY + timedelta(hours=2))
    filing.refresh_from_db()
    assert (filing.status, filing.completed_at) == (BundleStatus.CLOSED, None)


def test_at_the_counter_too_the_bundle_passes_its_own_documents_along(
    world: Any, birth: BirthBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The insurance child's birth certificate is not handed in: the birth registration
    issues it; every other item is. The number typed with spaces is the same person's,
    checked once against the population registry for the whole bundle."""
    asked: list[str] = []
    verify = LocalRegistry.verify

    def counted(self: LocalRegistry, id_number: str, declared: Any) -> Any:
        asked.append(id_number)
        return verify(self, id_number, declared)

    monkeypatch.setattr(LocalRegistry, "verify", counted)
    spaced = replace(HUNG, id_number="024 0900 01234")
    filing = bundle_receive(
        actor=world.counter, bundle_code="LT-KHAISINH", applicant=spaced, at=MONDAY
    )
    assert filing.applicant_id == HUNG.id_number
    insurance = filing.children.get(competent_agency=birth.insurance)
    certificate = insurance.documents.get(name="Giấy khai sinh")
    assert (certificate.provided, certificate.copies) == (False, 0)
    assert certificate.note == "Issued in the bundle by: Đăng ký khai sinh"
    others = DossierDocument.objects.filter(dossier__part_of=filing).exclude(pk=certificate.pk)
    assert others.count() == 9 and not others.filter(provided=False).exists()
    # One registry check for the bundle, recorded on every child.
    assert asked == [HUNG.id_number]
    assert {c.applicant_verification for c in filing.children.all()} == {"not_found"}


def test_a_bad_applicant_files_nothing(world: Any, birth: BirthBundle) -> None:
    bad = HUNG.__class__(**{**HUNG.__dict__, "id_number": "12345"})
    with pytest.raises(DomainError):
        bundle_receive(actor=world.counter, bundle_code="LT-KHAISINH", applicant=bad)
    with pytest.raises(DomainError, match="No bundle"):
        bundle_receive(actor=world.counter, bundle_code="LT-NOPE", applicant=HUNG)
    with pytest.raises(DomainError, match="counter officer"):
        bundle_receive(actor=world.specialist, bundle_code="LT-KHAISINH", applicant=HUNG)
    assert not DossierBundle.objects.exists() and not Dossier.objects.exists()


def test_the_counter_files_a_bundle_from_its_page(
    world: Any, birth: BirthBundle, settings: Any
) -> None:
    client = Client()
    client.force_login(world.counter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("dossiers:bundle_new"))
    assert "Liên thông khai sinh" in page.content.decode()
    response = client.post(
        reverse("dossiers:bundle_new"),
        {
            "bundle": "LT-KHAISINH",
            "applicant_kind": "person",
            "applicant_name": HUNG.name,
            "applicant_id": HUNG.id_number,
            "applicant_birth_date": "17/05/1990",
            "applicant_sex": "male",
        },
    )
    filing = DossierBundle.objects.get()
    assert response.status_code == 302
    # Unticked "assisted filing": paper filed in person.
    assert {c.channel for c in filing.children.all()} == {"1"}
    assert response["Location"] == reverse("dossiers:bundle", args=[filing.code])
    detail = client.get(response["Location"]).content.decode()
    assert all(child.code in detail for child in filing.children.all())
    assert birth.police.name in detail
    child = filing.children.order_by("pk").first()
    assert child is not None
    child_page = client.get(reverse("dossiers:detail", args=[child.code])).content.decode()
    assert reverse("dossiers:bundle", args=[filing.code]) in child_page
    stranger = Client()
    stranger.force_login(world.stranger)
    assert stranger.get(response["Location"]).status_code == 404
    empty = client.post(reverse("dossiers:bundle_new"), {"bundle": "LT-KHAISINH"})
    assert empty.status_code == 400
    assert DossierBundle.objects.count() == 1


def test_the_api_files_a_bundle_and_shows_its_children(world: Any, birth: BirthBundle) -> None:
    counter = Api(api_token_issue(user=world.counter))
    body = {
        "bundle": "LT-KHAISINH",
        "applicant": {
            "name": HUNG.name,
            "id_number": HUNG.id_number,
            "birth_date": "1990-05-17",
            "sex": "male",
        },
    }
    created = counter.client.post(
        "/api/v1/bundles",
        json.dumps(body),
        content_type="application/json",
        headers=counter.headers,
    )
    assert created.status_code == 201, created.json()
    filing = created.json()
    assert [c["competent_agency"] for c in filing["children"]] == [
        world.centre.code,
        birth.police.code,
        birth.insurance.code,
    ]
    shown = counter.client.get(f"/api/v1/bundles/{filing['code']}", headers=counter.headers)
    assert shown.json()["status"] == "open"
    stranger = Api(api_token_issue(user=world.stranger))
    hidden = stranger.client.get(f"/api/v1/bundles/{filing['code']}", headers=stranger.headers)
    assert hidden.status_code == 404
    body["bundle"] = "LT-NOPE"
    refused = counter.client.post(
        "/api/v1/bundles",
        json.dumps(body),
        content_type="application/json",
        headers=counter.headers,
    )
    assert refused.status_code == 404


def test_an_assisted_bundle_is_filed_online_for_the_applicant(
    world: Any, birth: BirthBundle
) -> None:
    filing = bundle_receive(
        actor=world.counter, bundle_code="LT-KHAISINH", applicant=HUNG, assisted=True
    )
    assert filing.channel == "2"
    children = list(filing.children.all())
    assert {(c.channel, c.assisted_by) for c in children} == {("2", world.counter)}


def test_a_link_joins_two_procedures_of_the_bundle_and_a_long_name_still_files(
    world: Any, birth: BirthBundle
) -> None:
    first, second, _third = birth.bundle.procedures.order_by("code")
    with pytest.raises(IntegrityError), transaction.atomic():
        BundleDocumentLink.objects.create(
            bundle=birth.bundle, procedure=first, document_name="Tờ khai theo mẫu", issued_by=first
        )
    outsider = BundleDocumentLink(
        bundle=birth.bundle,
        procedure=second,
        document_name="Tờ khai theo mẫu",
        issued_by=world.procedure,  # not a procedure of this bundle
    )
    with pytest.raises(ValidationError, match="belong to the bundle"):
        outsider.full_clean()
    # A published procedure name can be long; the note it leaves is cut to its field.
    Procedure.objects.filter(pk=first.pk).update(name="Đăng ký khai sinh " + "x" * 380)
    filing = bundle_receive(actor=world.counter, bundle_code="LT-KHAISINH", applicant=HUNG)
    note = (
        filing.children.get(competent_agency=birth.insurance)
        .documents.get(name="Giấy khai sinh")
        .note
    )
    assert len(note) == 300 and note.startswith("Issued in the bundle by: Đăng ký khai sinh")
