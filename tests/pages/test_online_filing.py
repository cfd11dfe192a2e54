"""Filing online (issue 4): a draft with a file and a document reused from the citizen's
data store, submitted to a one-stop unit; the supplement answered online; the result
downloaded. And what must not happen: another's draft, a bad file, an incomplete or a
second submission."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.citizens.models import Citizen
from motcua.citizens.services import CitizenIdentity, citizen_sign_in
from motcua.digitization.models import ScannedDocument
from motcua.digitization.results import result_attach
from motcua.dossiers.models import Dossier, Status
from motcua.portal.models import DraftFile, OnlineDraft
from motcua.reporting.models import DailyCount
from motcua.warehouse.models import ItemReuse
from tests.digitization.samples import born_digital_pdf
from tests.dossiers.helpers import HUNG, act, receive
from tests.reporting.conftest import scan_as_processed


def citizen(id_number: str = HUNG.id_number, name: str = HUNG.name) -> Citizen:
    return citizen_sign_in(
        identity=CitizenIdentity(id_number=id_number, full_name=name), method="vneid"
    )


def browser(user: Any, settings: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def pdf_upload(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, born_digital_pdf(), content_type="application/pdf")


@pytest.fixture
def online(world: Any) -> Any:
    """The marriage registration filed online; its "other papers" item reusable, and
    Hùng's store holding one from an earlier dossier."""
    procedure = world.procedure
    procedure.online_level = "full"
    procedure.save()
    other = procedure.required_documents.get(position=3)
    other.reusable_from_store = True
    other.save()
    earlier = receive(world.counter, at=timezone.now() - timedelta(days=30))
    scan_as_processed(
        earlier, earlier.documents.get(required_document=other), at=earlier.received_at
    )
    return procedure


def start(client: Client, procedure: Any) -> int:
    response = client.post(reverse("citizen:draft_start", args=[procedure.code]))
    assert response.status_code == 302, response
    return OnlineDraft.objects.latest("pk").pk


def test_a_citizen_files_online_reusing_a_document_answers_a_supplement_gets_the_result(
    world: Any, online: Any, settings: Any
) -> None:
    hung = citizen()
    client = browser(hung.user, settings)
    procedure_page = client.get(reverse("citizen:procedure", args=[online.code])).content.decode()
    assert "File online" in procedure_page
    pk = start(client, online)
    draft_url = reverse("citizen:draft", args=[pk])
    page = client.get(draft_url).content.decode()
    assert "from my data store" in page and "Giấy tờ khác" in page
    form = online.required_documents.get(position=1)
    other = online.required_documents.get(position=3)
    attached = client.post(
        draft_url, {"action": "upload", "document": form.pk, "file": pdf_upload()}, follow=True
    )
    assert "The file is attached." in attached.content.decode()

    submitted = client.post(
        draft_url,
        {"action": "submit", "agency": world.centre.code, "from_store": [other.pk]},
        follow=True,
    )
    dossier = Dossier.objects.get(channel="2")
    assert f"your dossier code is {dossier.code}" in submitted.content.decode()
    assert (dossier.receiving_agency, dossier.status) == (world.centre, Status.RECEIVED)
    assert (dossier.applicant_id, dossier.applicant_verified_by) == (HUNG.id_number, "vneid")
    form_item = dossier.documents.get(required_document=form)
    assert ScannedDocument.objects.filter(dossier=dossier, dossier_document=form_item).exists()
    reused = ItemReuse.objects.get(item__dossier=dossier)
    assert reused.item.required_document == other and reused.entry is not None
    assert not DraftFile.objects.exists()
    assert sum(DailyCount.objects.values_list("received_online", flat=True)) == 1
    # The counter sees it like any received dossier and asks for a supplement.
    act(world.counter, dossier, "request_supplement", missing=["Tờ khai theo mẫu (bản ký)"])
    mine = reverse("citizen:dossier", args=[dossier.code])
    assert "A supplement is asked for" in client.get(mine).content.decode()
    supplement = reverse("citizen:supplement", args=[dossier.code])
    early = client.post(supplement, {"action": "send"}, follow=True)
    assert "Attach the missing documents first." in early.content.decode()
    client.post(supplement, {"item": form_item.pk, "file": pdf_upload("ban-ky.pdf")})
    sent = client.post(supplement, {"action": "send"}, follow=True)
    assert "The supplement is sent" in sent.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    row = dossier.history.get(action="supplement")
    assert (row.actor, row.agency) == (hung.user, None)
    # Decided, the electronic result attached; the citizen downloads it.
    act(world.counter, dossier, "assign", assignee="specialist")
    act(world.specialist, dossier, "appraise")
    act(world.leader, dossier, "approve")
    content = born_digital_pdf()
    result = result_attach(
        actor=world.leader, dossier_code=dossier.code, data=content, filename="kq.pdf"
    )
    act(world.leader, dossier, "sign")
    act(world.clerk, dossier, "issue", result_number="3/KQ")
    download = client.get(reverse("citizen:result", args=[dossier.code, result.pk]))
    assert b"".join(download.streaming_content) == content


def test_an_incomplete_draft_is_not_submitted_and_says_what_is_missing(
    world: Any, online: Any, settings: Any
) -> None:
    client = browser(citizen().user, settings)
    pk = start(client, online)
    url = reverse("citizen:draft", args=[pk])
    no_unit = client.post(url, {"action": "submit"}, follow=True)
    assert "Choose the one-stop unit that receives the dossier." in no_unit.content.decode()
    response = client.post(url, {"action": "submit", "agency": world.centre.code}, follow=True)
    assert "Attach a file for: Tờ khai theo mẫu." in response.content.decode()
    assert not Dossier.objects.filter(channel="2").exists()


def test_a_bad_file_is_refused_and_nothing_is_kept(world: Any, online: Any, settings: Any) -> None:
    client = browser(citizen().user, settings)
    pk = start(client, online)
    form = online.required_documents.get(position=1)
    junk = SimpleUploadedFile(
        "to-khai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(
        reverse("citizen:draft", args=[pk]),
        {"action": "upload", "document": form.pk, "file": junk},
        follow=True,
    )
    assert "is not a PDF, JPEG, PNG or TIFF" in response.content.decode()
    assert not DraftFile.objects.exists()


def test_no_one_else_opens_a_draft_and_a_draft_is_submitted_once(
    world: Any, online: Any, settings: Any
) -> None:
    hung = browser(citizen().user, settings)
    pk = start(hung, online)
    url = reverse("citizen:draft", args=[pk])
    lan = browser(citizen("024185000111", "Trần Thị Lan").user, settings)
    assert lan.get(url).status_code == 404
    assert lan.post(url, {"action": "delete"}).status_code == 404
    officer = browser(world.counter, settings)
    assert officer.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # anonymous: sent to sign in
    form = online.required_documents.get(position=1)
    hung.post(url, {"action": "upload", "document": form.pk, "file": pdf_upload()})
    hung.post(url, {"action": "submit", "agency": world.centre.code})
    assert hung.post(url, {"action": "submit", "agency": world.centre.code}).status_code == 404
    assert Dossier.objects.filter(channel="2").count() == 1


def test_a_procedure_not_offered_online_cannot_be_filed_online(world: Any, settings: Any) -> None:
    client = browser(citizen().user, settings)
    response = client.post(reverse("citizen:draft_start", args=[world.procedure.code]), follow=True)
    assert "cannot be filed online" in response.content.decode()
    assert not OnlineDraft.objects.exists()


def test_the_counter_sees_what_applicants_filed_or_supplemented_online(
    world: Any, online: Any, settings: Any
) -> None:
    """The worklist marks a dossier whose latest step is the applicant's, online, until an
    officer acts on it; the count at the top opens the list of them."""
    worklist = reverse("dossiers:worklist")
    at_counter = receive(world.counter)
    hung = browser(citizen().user, settings)
    pk = start(hung, online)
    url = reverse("citizen:draft", args=[pk])
    form = online.required_documents.get(position=1)
    hung.post(url, {"action": "upload", "document": form.pk, "file": pdf_upload()})
    hung.post(url, {"action": "submit", "agency": world.centre.code})
    filed = Dossier.objects.get(channel="2")
    counter = browser(world.counter, settings)

    def news() -> tuple[str, str]:
        page = counter.get(worklist).content.decode()
        tab = counter.get(worklist, {"tab": "online"}).content.decode()
        return page, tab

    page, tab = news()
    assert "Filed online" in page and "1</b> from applicants online" in page
    assert filed.code in tab and at_counter.code not in tab
    act(world.counter, filed, "request_supplement", missing=["Tờ khai theo mẫu (bản ký)"])
    page, tab = news()
    assert "Filed online" not in page and "from applicants online" not in page
    assert filed.code not in tab
    supplement = reverse("citizen:supplement", args=[filed.code])
    item = filed.documents.get(required_document=form)
    hung.post(supplement, {"item": item.pk, "file": pdf_upload("ban-ky.pdf")})
    hung.post(supplement, {"action": "send"})
    page, tab = news()
    assert "Supplemented online" in page and filed.code in tab
    act(world.counter, filed, "assign", assignee="specialist")
    page, tab = news()
    assert "Supplemented online" not in page and filed.code not in tab


def test_the_migration_marks_what_applicants_did_before_the_mark_existed(
    world: Any, online: Any, settings: Any
) -> None:
    """dossiers 0009 derives the mark from the history for the dossiers already there."""
    from django.apps import apps

    migration = importlib.import_module("motcua.dossiers.migrations.0009_applicant_step")
    hung = browser(citizen().user, settings)
    url = reverse("citizen:draft", args=[start(hung, online)])
    form = online.required_documents.get(position=1)
    hung.post(url, {"action": "upload", "document": form.pk, "file": pdf_upload()})
    hung.post(url, {"action": "submit", "agency": world.centre.code})
    filed = Dossier.objects.get(channel="2")
    taken = receive(world.counter)
    act(world.counter, taken, "assign", assignee="specialist")
    assert Dossier.objects.get(pk=filed.pk).applicant_step == "receive"
    Dossier.objects.update(applicant_step="")
    migration.mark_applicant_steps(apps, None)
    marks = dict(Dossier.objects.values_list("code", "applicant_step"))
    assert marks[filed.code] == "receive"
    assert marks[taken.code] == "" and set(marks.values()) == {"receive", ""}
