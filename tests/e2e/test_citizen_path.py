"""The citizen's main path in a real browser (Debian's Chromium driven by Playwright):
sign in with VNeID through the in-process OIDC provider, file a Project 06 service online
with one file and one document reused from the data store, answer the counter's supplement
request online, and download the electronic result. And the birth bundle filed online
from one draft."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from motcua.citizens.services import CitizenIdentity, citizen_sign_in
from motcua.digitization.models import ScannedDocument
from motcua.digitization.results import result_attach
from motcua.dossiers.models import Dossier, DossierBundle, Status
from motcua.warehouse.models import ItemReuse
from tests.conftest import PASSWORD
from tests.digitization.samples import born_digital_pdf
from tests.dossiers.helpers import HUNG, act, receive
from tests.e2e.conftest import CHROMIUM, IN_CI, NO_CHROMIUM
from tests.reporting.conftest import scan_as_processed

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not IN_CI, reason=NO_CHROMIUM),
]


def test_a_citizen_files_online_answers_a_supplement_and_downloads_the_result(
    world: Any, provider: Any, browser: Any, tmp_path: Path
) -> None:
    procedure = world.procedure
    procedure.online_level, procedure.project06_number = "full", 11
    procedure.save()
    form_doc = procedure.required_documents.get(position=1)
    other_doc = procedure.required_documents.get(position=3)
    other_doc.reusable_from_store = True
    other_doc.save()
    # An earlier dossier's scan put "Giấy tờ khác" in Hùng's data store.
    earlier = receive(world.counter, at=timezone.now() - timedelta(days=30))
    scan_as_processed(
        earlier, earlier.documents.get(required_document=other_doc), at=earlier.received_at
    )
    provider.identity(HUNG.id_number, HUNG.id_number, HUNG.name)
    form_pdf, answer_pdf = tmp_path / "to-khai.pdf", tmp_path / "ban-ky.pdf"
    form_pdf.write_bytes(born_digital_pdf())
    answer_pdf.write_bytes(born_digital_pdf())
    base = provider.url
    page = browser.new_page()

    # Sign in with VNeID (the stand-in provider), back on the citizen's page.
    page.goto(f"{base}/cong-dan/")
    page.click("a[href$='/cong-dan/vneid/']")
    page.wait_for_url(re.compile(r".*/eid-demo/dang-nhap/.*"))
    page.fill("#id_username", HUNG.id_number)
    page.fill("#id_password", PASSWORD)
    page.click("form button.primary")
    page.wait_for_url(re.compile(r".*/cong-dan/$"))
    assert HUNG.name in page.inner_text("main")

    # Find the procedure without accents and file it online.
    page.click("a[href$='/cong-dan/thu-tuc/']")
    page.fill("#id_q", "dang ky ket hon")
    page.click("form.lookup button")
    page.click("text=Đăng ký kết hôn")
    page.click("form[action*='/nop/moi/'] button")
    page.wait_for_url(re.compile(r".*/cong-dan/nop/\d+/$"))
    page.set_input_files(f"#file-{form_doc.pk}", str(form_pdf))
    page.click(f"#item-{form_doc.pk} form button")
    page.wait_for_load_state()
    page.check(f"input[name=from_store][value='{other_doc.pk}']")
    page.select_option("#id_agency", world.centre.code)
    page.click("#draft-form button[value=submit]")
    page.wait_for_url(re.compile(r".*/cong-dan/ho-so/[^/]+/$"))
    dossier = Dossier.objects.get(channel="2")
    assert dossier.code in page.inner_text("main")
    assert ItemReuse.objects.get(item__dossier=dossier).entry is not None

    # The counter asks for a supplement; the citizen answers it online.
    act(world.counter, dossier, "request_supplement", missing=["Tờ khai có chữ ký"])
    page.reload()
    page.set_input_files("#supplement input[type=file]", str(answer_pdf))
    page.click("#supplement form[enctype] button")
    page.wait_for_load_state()
    page.click("#supplement button[value=send]")
    page.wait_for_load_state()
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED

    # Decided with an electronic result; the citizen downloads it.
    act(world.counter, dossier, "assign", assignee="specialist")
    act(world.specialist, dossier, "appraise")
    act(world.leader, dossier, "approve")
    result = born_digital_pdf()
    result_attach(actor=world.leader, dossier_code=dossier.code, data=result, filename="kq.pdf")
    act(world.leader, dossier, "sign")
    act(world.clerk, dossier, "issue", result_number="7/KQ")
    page.reload()
    with page.expect_download() as download:
        page.click("#results a")
    assert Path(download.value.path()).read_bytes() == result


def test_a_citizen_files_the_birth_bundle_in_the_browser(
    world: Any, birth: Any, browser: Any, live_server: Any, tmp_path: Path
) -> None:
    """The bundle's draft in a real browser: three procedures' checklists on one page,
    a file for each declaration form, the birth certificate the bundle issues itself
    asked of nobody; one submission, one bundle code and three child dossiers."""
    birth.bundle.procedures.update(online_level="full")
    forms = [p.required_documents.get(position=1) for p in birth.bundle.procedures.order_by("code")]
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(born_digital_pdf())
    hung = citizen_sign_in(
        identity=CitizenIdentity(id_number=HUNG.id_number, full_name=HUNG.name), method="vneid"
    )
    session = Client()
    session.force_login(hung.user)  # signing in through VNeID is the test above
    browser.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = browser.new_page()
    page.goto(f"{live_server.url}/cong-dan/thu-tuc/?q=lien+thong+khai+sinh")
    page.click("#bundles a")
    page.click("form[action$='/nop/'] button")
    page.wait_for_url(re.compile(r".*/cong-dan/nop/\d+/$"))
    assert page.locator("h2.draft-procedure").count() == 3
    for form in forms:
        page.set_input_files(f"#file-{form.pk}", str(pdf))
        page.click(f"#item-{form.pk} form button")
        page.wait_for_load_state()
    certificate = birth.bundle.procedures.get(code="1.007802").required_documents.get(
        name="Giấy khai sinh"
    )
    assert page.locator(f"#file-{certificate.pk}").count() == 0
    page.select_option("#id_agency", world.centre.code)
    page.click("#draft-form button[value=submit]")
    page.wait_for_url(re.compile(r".*/cong-dan/ho-so-lien-thong/[^/]+/$"))
    filing = DossierBundle.objects.get()
    shown = page.inner_text("main")
    assert filing.code in shown
    children = list(filing.children.all())
    assert len(children) == 3 and all(c.code in shown for c in children)
    assert all(ScannedDocument.objects.filter(dossier=c).count() == 1 for c in children)
