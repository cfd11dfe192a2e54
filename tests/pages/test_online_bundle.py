"""A citizen files a bundle online (issue 4, Decree 63/2024): one draft with the checklists
of the three procedures of the birth bundle, less the birth certificate the bundle issues
itself; one submission becomes the bundle filing and a child dossier per procedure, each
with its files as scans; the citizen follows the bundle. And what must not happen: a file
for an item the bundle issues, a half-filed bundle, another citizen's bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.catalogue.models import Procedure, RequiredDocument
from motcua.citizens.models import Citizen
from motcua.digitization.models import ScannedDocument
from motcua.dossiers.models import BundleStatus, Dossier, DossierBundle
from motcua.portal import filing
from motcua.portal.models import DraftFile, Notification, OnlineDraft
from tests.conftest import BirthBundle
from tests.dossiers.helpers import HUNG, bundle_child_decide
from tests.pages.test_online_filing import browser, citizen, pdf_upload


@pytest.fixture
def online_birth(birth: BirthBundle) -> BirthBundle:
    birth.bundle.procedures.update(online_level=Procedure.OnlineLevel.FULL)
    return birth


def stored_files() -> set[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def forms_of(birth: BirthBundle) -> list[RequiredDocument]:
    """The declaration form of each procedure of the bundle, in the draft's order."""
    return [p.required_documents.get(position=1) for p in birth.bundle.procedures.order_by("code")]


def start(client: Client) -> str:
    response = client.post(reverse("citizen:bundle_draft_start", args=["LT-KHAISINH"]))
    assert response.status_code == 302, response
    return reverse("citizen:draft", args=[OnlineDraft.objects.latest("pk").pk])


def test_a_citizen_files_the_birth_bundle_online_and_follows_it(
    world: Any, online_birth: BirthBundle, settings: Any
) -> None:
    hung = citizen()
    Citizen.objects.filter(pk=hung.pk).update(phone="0912345678", email="hung@example.vn")
    client = browser(hung.user, settings)
    found = client.get(reverse("citizen:procedures"), {"q": "lien thong khai sinh"})
    assert "Liên thông khai sinh" in found.content.decode()
    info = client.get(reverse("citizen:bundle", args=["LT-KHAISINH"])).content.decode()
    assert "Đăng ký thường trú" in info and "3 working days for all the results" in info
    assert "issued in the bundle by “Đăng ký khai sinh”" in info

    draft_url = start(client)
    page = client.get(draft_url).content.decode()
    assert page.count('class="draft-procedure"') == 3
    assert "“Đăng ký khai sinh” issues it within the bundle" in page
    refused = client.post(
        draft_url, {"action": "submit", "agency": world.centre.code}, follow=True
    ).content.decode()
    assert "Attach a file for: Đăng ký khai sinh: Tờ khai theo mẫu;" in refused
    assert not DossierBundle.objects.exists()

    for form in forms_of(online_birth):
        client.post(draft_url, {"action": "upload", "document": form.pk, "file": pdf_upload()})
    submitted = client.post(
        draft_url, {"action": "submit", "agency": world.centre.code}, follow=True
    ).content.decode()

    filed = DossierBundle.objects.get()
    assert f"your bundle code is {filed.code}" in submitted
    assert (filed.applicant_id, filed.channel, filed.receiving_agency) == (
        HUNG.id_number,
        "2",
        world.centre,
    )
    children = list(filed.children.order_by("procedure__code"))
    assert [c.competent_agency for c in children] == [
        world.centre,
        online_birth.police,
        online_birth.insurance,
    ]
    assert {(c.channel, c.receiving_agency_id, c.applicant_verified_by) for c in children} == {
        ("2", world.centre.pk, "vneid")
    }
    for child, form in zip(children, forms_of(online_birth), strict=True):
        item = child.documents.get(required_document=form)
        assert ScannedDocument.objects.filter(dossier=child, dossier_document=item).exists()
    certificate = children[2].documents.get(name="Giấy khai sinh")
    assert not certificate.provided and "Đăng ký khai sinh" in certificate.note
    assert not DraftFile.objects.exists()
    assert OnlineDraft.objects.get().filing == filed
    for code in [filed.code, *(c.code for c in children)]:
        assert code in submitted

    # Told once of the whole bundle, on each channel, not once per dossier.
    told = Notification.objects.order_by("channel")
    assert [(n.event, n.channel) for n in told] == [
        ("bundle_received", "email"),
        ("bundle_received", "sms"),
    ]
    email, sms = told
    assert all(c.code in email.body for c in children) and filed.code in email.subject
    assert filed.code in sms.body and "3 thủ tục" in sms.body
    assert reverse("citizen:filing", args=[filed.code]) in sms.body

    home = client.get(reverse("citizen:home")).content.decode()
    assert home.count(reverse("citizen:filing", args=[filed.code])) == 3

    at = timezone.now()
    for child in children:
        bundle_child_decide(world, online_birth, child, at=at)
    done = client.get(reverse("citizen:filing", args=[filed.code])).content.decode()
    assert "All results ready" in done
    filed.refresh_from_db()
    assert filed.status == BundleStatus.COMPLETED


def test_nothing_is_attached_to_an_item_the_bundle_issues(
    online_birth: BirthBundle, settings: Any
) -> None:
    client = browser(citizen().user, settings)
    draft_url = start(client)
    certificate = RequiredDocument.objects.get(name="Giấy khai sinh")
    answer = client.post(
        draft_url, {"action": "upload", "document": certificate.pk, "file": pdf_upload()}
    )
    assert answer.status_code == 302
    assert not DraftFile.objects.exists()


def test_a_crash_half_way_files_nothing_and_keeps_the_draft(
    world: Any,
    online_birth: BirthBundle,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # its own: the files are counted
    client = browser(citizen().user, settings)
    draft_url = start(client)
    for form in forms_of(online_birth):
        client.post(draft_url, {"action": "upload", "document": form.pk, "file": pdf_upload()})
    kept = list(DraftFile.objects.values_list("file", flat=True))
    stored_before = stored_files()
    real = filing.scan_add_from_applicant
    calls: list[int] = []

    def fails_on_the_third(**kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(filing, "scan_add_from_applicant", fails_on_the_third)
    with pytest.raises(OSError):
        client.post(draft_url, {"action": "submit", "agency": world.centre.code})
    assert not DossierBundle.objects.exists() and not Dossier.objects.exists()
    assert not ScannedDocument.objects.exists()
    draft = OnlineDraft.objects.get()
    assert draft.submitted_at is None and draft.filing is None
    assert sorted(DraftFile.objects.values_list("file", flat=True)) == sorted(kept)
    assert all(default_storage.exists(name) for name in kept)
    # The two scans made before the crash left no file behind either.
    assert stored_files() == stored_before


def test_another_citizen_never_sees_the_bundle(
    world: Any, online_birth: BirthBundle, settings: Any
) -> None:
    hung = browser(citizen().user, settings)
    draft_url = start(hung)
    for form in forms_of(online_birth):
        hung.post(draft_url, {"action": "upload", "document": form.pk, "file": pdf_upload()})
    hung.post(draft_url, {"action": "submit", "agency": world.centre.code})
    filed = DossierBundle.objects.get()
    url = reverse("citizen:filing", args=[filed.code])
    assert hung.get(url).status_code == 200
    other = browser(citizen("001190004321", "Trần Thị Bình").user, settings)
    assert other.get(url).status_code == 404
    assert world.centre.name not in other.get(url).content.decode()
    assert Client().get(url).status_code == 302
    # An officer reads the bundle on the officers' pages (audited), not on the citizen's.
    assert browser(world.counter, settings).get(url).status_code == 404


def test_a_bundle_with_a_procedure_not_offered_online_is_not_filed_online(
    online_birth: BirthBundle, settings: Any
) -> None:
    online_birth.bundle.procedures.filter(code="1.004194").update(
        online_level=Procedure.OnlineLevel.NONE
    )
    client = browser(citizen().user, settings)
    answer = client.post(
        reverse("citizen:bundle_draft_start", args=["LT-KHAISINH"]), follow=True
    ).content.decode()
    assert "cannot be filed online" in answer
    assert not OnlineDraft.objects.exists()


def test_what_changed_in_the_catalogue_since_the_draft_began_is_checked_at_submission(
    world: Any, online_birth: BirthBundle, settings: Any
) -> None:
    """A file attached before the bundle passed that item along is not filed; a procedure
    no longer offered online stops the submission, saying why, with nothing filed."""
    link = online_birth.bundle.document_links.get()
    link_values = {"procedure": link.procedure, "issued_by": link.issued_by}
    link.delete()
    client = browser(citizen().user, settings)
    draft_url = start(client)
    certificate = RequiredDocument.objects.get(name="Giấy khai sinh")
    for document in [*forms_of(online_birth), certificate]:
        client.post(draft_url, {"action": "upload", "document": document.pk, "file": pdf_upload()})
    assert DraftFile.objects.count() == 4
    online_birth.bundle.document_links.create(document_name="Giấy khai sinh", **link_values)

    online_birth.bundle.procedures.filter(code="1.004194").update(
        online_level=Procedure.OnlineLevel.NONE
    )
    refused = client.post(
        draft_url, {"action": "submit", "agency": world.centre.code}, follow=True
    ).content.decode()
    assert "cannot be filed online" in refused
    assert not DossierBundle.objects.exists() and DraftFile.objects.count() == 4

    online_birth.bundle.procedures.update(online_level=Procedure.OnlineLevel.FULL)
    client.post(draft_url, {"action": "submit", "agency": world.centre.code})
    passed_on = (
        DossierBundle.objects.get()
        .children.get(competent_agency=online_birth.insurance)
        .documents.get(name="Giấy khai sinh")
    )
    assert not passed_on.provided and not passed_on.scans.exists()
    assert ScannedDocument.objects.count() == 3 and not DraftFile.objects.exists()


def test_a_code_that_is_no_code_is_not_found(db: Any, settings: Any) -> None:
    """A NUL (which PostgreSQL refuses) or any other stray character in a code: 404."""
    client = browser(citizen().user, settings)
    for url in (
        "/cong-dan/lien-thong/LT%00/",
        "/cong-dan/ho-so-lien-thong/x%00y/",
        "/cong-dan/thu-tuc/1.000894%20x/",
        "/cong-dan/ho-so/%E2%80%AE/",
    ):
        assert client.get(url).status_code == 404, url
