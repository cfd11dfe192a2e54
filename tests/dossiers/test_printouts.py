"""The printed forms of Circular 03/2025, Appendix I: content, page, fonts and QR."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from motcua.catalogue.models import Field, Procedure
from motcua.dossiers.models import Dossier, DossierDocument, Handover, Status, StatusChange
from motcua.dossiers.printouts import (
    FormNo,
    printout_available,
    printout_qr_payload,
    printout_render,
)
from motcua.units.models import AdministrativeUnit, Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
CODE = "000.00.24.H99-260213-0007"

# Text that only the named form carries, diacritics included.
FORM_TEXT = {
    FormNo.RECEIPT: [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Nguyễn Văn Hùng",
        "Tờ khai đăng ký khai sinh",
        "05 ngày làm việc",
        "10 giờ 05 phút, ngày 13/02/2026",
        "Trần Thị Lan",
        "lập thành 02 bản",
    ],
    FormNo.SUPPLEMENT: [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Giấy chứng sinh bản chính",
        "Thiếu giấy tờ chứng minh nơi cư trú",
    ],
    FormNo.REFUSAL: [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Không thuộc thẩm quyền giải quyết của xã",
    ],
    FormNo.APOLOGY: [
        "VĂN BẢN XIN LỖI",
        "Chờ ý kiến của Sở Tư pháp",
        "16 giờ 00 phút, ngày 20/02/2026",
    ],
    FormNo.STOP: ["THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Người nộp đề nghị dừng giải quyết"],
    FormNo.CONTROL_SHEET: [
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Đúng hạn",
        "Quá hạn",
        "Thẩm định hồ sơ",
    ],
}


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 2, day, hour, minute, tzinfo=VN)


def _user(username: str, family: str, given: str) -> Any:
    # As tests/conftest.py stores names: family and middle names in last_name.
    return get_user_model().objects.create(username=username, first_name=given, last_name=family)


def _agencies() -> tuple[Agency, Agency]:
    province = AdministrativeUnit.objects.create(code="24", name="Tỉnh Bắc Ninh", level="province")
    commune = AdministrativeUnit.objects.create(
        code="07420", name="Xã Tiên Du", level="commune", parent=province
    )
    centre = Agency.objects.create(
        code="000.00.24.H99",
        name="Trung tâm Phục vụ hành chính công xã Tiên Du",
        kind=Agency.Kind.SERVICE_CENTRE,
        unit=commune,
        is_one_stop=True,
    )
    committee = Agency.objects.create(
        code="000.01.24.H99",
        name="Ủy ban nhân dân xã Tiên Du",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        unit=commune,
    )
    return centre, committee


def _procedure() -> Procedure:
    field = Field.objects.create(code="HT", name="Hộ tịch")
    return Procedure.objects.create(
        code="1.001193",
        name="Thủ tục đăng ký khai sinh",
        field=field,
        level="commune",
        time_limit=5,
        time_limit_unit=Procedure.LimitUnit.WORKING_DAYS,
    )


def _dossier() -> Dossier:
    centre, committee = _agencies()
    dossier = Dossier.objects.create(
        code=CODE,
        procedure=_procedure(),
        receiving_agency=centre,
        competent_agency=committee,
        current_agency=committee,
        applicant_name="Nguyễn Văn Hùng",
        applicant_id="027090001234",
        applicant_search="nguyen van hung",
        applicant_sex="Nam",
        applicant_address="Thôn Đông, xã Tiên Du, tỉnh Bắc Ninh",
        applicant_phone="0912345678",
        applicant_email="hung@example.vn",
        received_at=_at(13, 10, 5),
        counted_from=_at(13, 10, 5),
        due_at=_at(20, 10, 5),
        fee=8000,
        register_entry=42,
        received_by=_user("lan", "Trần Thị", "Lan"),
    )
    DossierDocument.objects.create(dossier=dossier, name="Tờ khai đăng ký khai sinh")
    DossierDocument.objects.create(
        dossier=dossier, name="Giấy chứng sinh", copies=1, original_shown=True
    )
    return dossier


def _history(dossier: Dossier) -> None:
    events = [
        (
            "request_supplement",
            Status.SUPPLEMENT_REQUESTED,
            _at(14, 9),
            {
                "missing": ["Giấy chứng sinh bản chính", "Bản sao giấy chứng nhận kết hôn"],
                "reason": "Thiếu giấy tờ chứng minh nơi cư trú",
            },
        ),
        (
            "refuse",
            Status.REFUSED,
            _at(15, 9),
            {"reason": "Không thuộc thẩm quyền giải quyết của xã"},
        ),
        (
            "apologize",
            Status.ASSIGNED,
            _at(16, 9),
            {"reason": "Chờ ý kiến của Sở Tư pháp", "new_due_at": "2026-02-20T16:00:00+07:00"},
        ),
        ("stop", Status.STOPPED, _at(17, 9), {"reason": "Người nộp đề nghị dừng giải quyết"}),
    ]
    for action, status, at, data in events:
        StatusChange.objects.create(
            dossier=dossier, action=action, to_status=status, at=at, data=data
        )


def _handovers(dossier: Dossier) -> None:
    counter, committee = dossier.receiving_agency, dossier.competent_agency
    Handover.objects.create(
        dossier=dossier,
        at=_at(13, 14),
        from_agency=counter,
        to_agency=committee,
        step="Chuyển hồ sơ",
        verdict=Handover.Verdict.ON_TIME,
    )
    Handover.objects.create(
        dossier=dossier,
        at=_at(19, 8),
        from_agency=committee,
        to_agency=counter,
        step="Thẩm định hồ sơ",
        verdict=Handover.Verdict.LATE,
        note="Chờ ý kiến",
    )


@pytest.fixture
def dossier(db: None) -> Dossier:
    dossier = _dossier()
    _history(dossier)
    _handovers(dossier)
    return dossier


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    # Table cells wrap their text: compare with runs of white space collapsed.
    return " ".join(out.stdout.decode().split())


def _embedded_fonts(pdf: bytes) -> set[str]:
    """BaseFont names of page 1's fonts whose program is embedded (FontFile*)."""
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    names = set()
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font.get("/DescendantFonts", [font])[0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            names.add(str(font["/BaseFont"]).replace("-", ""))
    return names


def _qr_text(pdf: bytes, tmp_path: Path) -> str:
    (tmp_path / "form.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(tmp_path / "form.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, check=True
    )
    return out.stdout.decode().strip()


@pytest.mark.django_db
@pytest.mark.parametrize("form", list(FormNo))
def test_form_shows_national_title_code_and_its_own_content(
    dossier: Dossier, form: FormNo, tmp_path: Path
) -> None:
    text = _pdf_text(printout_render(dossier=dossier, form=form), tmp_path)
    assert NATIONAL_TITLE in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert CODE in text
    for expected in FORM_TEXT[form]:
        assert expected in text


@pytest.mark.django_db
@pytest.mark.parametrize("form", list(FormNo))
def test_form_is_one_a4_portrait_page_size(dossier: Dossier, form: FormNo) -> None:
    box = PdfReader(io.BytesIO(printout_render(dossier=dossier, form=form))).pages[0].mediabox
    assert float(box.width) == pytest.approx(595, abs=1)
    assert float(box.height) == pytest.approx(842, abs=1)


@pytest.mark.django_db
@pytest.mark.parametrize("form", list(FormNo))
def test_form_embeds_a_serif_font(dossier: Dossier, form: FormNo) -> None:
    names = _embedded_fonts(printout_render(dossier=dossier, form=form))
    assert any("LiberationSerif" in name or "NotoSerif" in name for name in names), names


@pytest.mark.django_db
def test_date_line_names_the_province_without_its_rank(dossier: Dossier, tmp_path: Path) -> None:
    text = _pdf_text(printout_render(dossier=dossier, form=FormNo.RECEIPT), tmp_path)
    assert "Bắc Ninh, ngày 13 tháng 02 năm 2026" in text
    assert "Tỉnh Bắc Ninh, ngày" not in text


@pytest.mark.django_db
def test_event_form_is_dated_on_the_latest_matching_event(dossier: Dossier, tmp_path: Path) -> None:
    StatusChange.objects.create(
        dossier=dossier,
        action="stop",
        to_status=Status.STOPPED,
        at=_at(18, 9),
        data={"reason": "Hồ sơ bị trùng"},
    )
    text = _pdf_text(printout_render(dossier=dossier, form=FormNo.STOP), tmp_path)
    assert "ngày 18 tháng 02 năm 2026" in text
    assert "Hồ sơ bị trùng" in text


@pytest.mark.django_db
def test_extra_context_fills_the_register_book(dossier: Dossier, tmp_path: Path) -> None:
    pdf = printout_render(dossier=dossier, form=FormNo.RECEIPT, context={"register_book": "03"})
    assert "Quyển số: 03, Số thứ tự: 42" in _pdf_text(pdf, tmp_path)


@pytest.mark.django_db
def test_qr_payload_is_compact_json_with_the_identifiers(dossier: Dossier) -> None:
    payload = json.loads(printout_qr_payload(dossier))
    assert payload == {
        "v": 1,
        "dossier": CODE,
        "procedure": "1.001193",
        "owner": "027090001234",
        "document": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    }


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
@pytest.mark.django_db
@pytest.mark.parametrize("form", [FormNo.RECEIPT, FormNo.CONTROL_SHEET])
def test_qr_on_the_printed_page_decodes_to_the_payload(
    dossier: Dossier, form: FormNo, tmp_path: Path
) -> None:
    decoded = _qr_text(printout_render(dossier=dossier, form=form), tmp_path)
    assert CODE in decoded
    assert "1.001193" in decoded
    assert "027090001234" in decoded
    assert decoded == printout_qr_payload(dossier, form=form)


@pytest.mark.django_db
def test_only_receipt_and_control_sheet_without_events(db: None) -> None:
    assert printout_available(_dossier()) == [FormNo.RECEIPT, FormNo.CONTROL_SHEET]


@pytest.mark.django_db
def test_each_recorded_event_makes_its_form_available(dossier: Dossier) -> None:
    assert printout_available(dossier) == list(FormNo)


@pytest.mark.django_db
def test_supplement_request_alone_adds_form_02(db: None) -> None:
    dossier = _dossier()
    StatusChange.objects.create(
        dossier=dossier,
        action="request_supplement",
        to_status=Status.SUPPLEMENT_REQUESTED,
        at=_at(14, 9),
        data={"missing": ["Giấy chứng sinh"], "reason": "Thiếu"},
    )
    assert printout_available(dossier) == [FormNo.RECEIPT, FormNo.SUPPLEMENT, FormNo.CONTROL_SHEET]


def test_refusal_made_through_the_service_prints_its_reason(world: Any, tmp_path: Path) -> None:
    from tests.dossiers.helpers import act, receive

    refused = act(
        world.counter,
        receive(world.counter),
        "refuse",
        reason="Hồ sơ không thuộc thẩm quyền của xã",
    )
    text = _pdf_text(printout_render(dossier=refused, form=FormNo.REFUSAL), tmp_path)
    assert "Hồ sơ không thuộc thẩm quyền của xã" in " ".join(text.split())
