"""sign_pdf: a PAdES signature with the Decree 30/2020 stamp, checked by pyHanko."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.signing.keys import SigningUnavailable
from motcua.signing.services import sign_pdf
from motcua.signing.validation import validate_pdf_signatures

from .conftest import AGENCY_CODE, AGENCY_NAME, Signed, sample_pdf


def tampered(data: bytes) -> bytes:
    """The signed file with one byte of the original's binary comment line changed.

    That line (after %PDF-1.x) is inside the signed range but no parser reads
    it, so the file still opens and only the hash can notice.
    """
    assert data[9:10] == b"%"
    return data[:11] + bytes([data[11] ^ 0x01]) + data[12:]


def test_signed_copy_validates_against_the_demo_root(signed: Signed) -> None:
    [report] = validate_pdf_signatures(signed.signed)
    assert report.intact
    assert report.trusted
    assert report.valid
    assert report.covers_whole_document
    assert report.signer_name == AGENCY_NAME
    assert report.signing_time is not None
    assert report.signing_time.isoformat() == "2026-11-26T09:15:03+07:00"
    assert report.summary == f"Valid signature of {AGENCY_NAME}."


def test_original_bytes_stay_a_prefix_of_the_signed_copy(signed: Signed) -> None:
    assert signed.signed.startswith(signed.original)
    assert len(signed.signed) > len(signed.original)


def test_stamp_shows_copy_type_agency_and_vietnam_time_on_page_one(signed: Signed) -> None:
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(signed.path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Bản sao điện tử" in text
    assert AGENCY_NAME in text
    assert "2026-11-26T09:15:03+07:00" in text


def test_stamp_is_at_the_top_right_of_page_one(signed: Signed) -> None:
    reader = PdfFileReader(BytesIO(signed.signed))
    page = reader.root["/Pages"]["/Kids"][0].get_object()
    width, height = (float(v) for v in list(page["/MediaBox"])[2:])
    [widget] = [a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    assert x0 > width / 2
    assert y0 > height * 3 / 4
    assert x1 <= width and y1 <= height
    # About 70 × 25 mm (1 mm = 72 / 25.4 pt).
    assert abs((x1 - x0) - 70 * 72 / 25.4) < 2
    assert abs((y1 - y0) - 25 * 72 / 25.4) < 2


def test_stamp_text_lies_in_the_top_right_quarter(signed: Signed) -> None:
    xml = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(signed.path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page_width = float(xml.split('<page width="')[1].split('"')[0])
    page_height = float(xml.split('height="')[1].split('"')[0])
    line = next(w for w in xml.splitlines() if "2026-11-26T09:15:03" in w)
    x_min = float(line.split('xMin="')[1].split('"')[0])
    y_max = float(line.split('yMax="')[1].split('"')[0])
    # pdftotext measures y from the top of the page.
    assert x_min > page_width / 2
    assert y_max < page_height / 4


def test_a_changed_byte_breaks_the_signature(signed: Signed) -> None:
    [report] = validate_pdf_signatures(tampered(signed.signed))
    assert not report.intact
    assert not report.valid
    assert report.summary == f"The document was changed after {AGENCY_NAME} signed it."


def test_a_second_signature_keeps_the_first_one_valid(signed: Signed) -> None:
    twice = sign_pdf(pdf=signed.signed, agency_code=AGENCY_CODE, copy_label="Bản sao")
    first, second = validate_pdf_signatures(twice)
    assert first.valid and not first.covers_whole_document
    assert second.valid and second.covers_whole_document
    assert (first.field_name, second.field_name) == ("MotcuaSignature1", "MotcuaSignature2")


def test_signing_without_a_key_is_unavailable() -> None:
    with pytest.raises(SigningUnavailable, match="No signing key is configured for agency 999"):
        sign_pdf(pdf=sample_pdf(), agency_code="999.00.00.H99")


def test_an_agency_code_cannot_name_a_file_outside_the_key_folder() -> None:
    with pytest.raises(SigningUnavailable):
        sign_pdf(pdf=sample_pdf(), agency_code="../demo-ca")


def test_a_wrong_password_makes_signing_unavailable(settings: Any) -> None:
    settings.MOTCUA_SIGNING_PASSWORD = "wrong"
    with pytest.raises(SigningUnavailable, match="cannot be opened"):
        sign_pdf(pdf=sample_pdf(), agency_code=AGENCY_CODE)


def test_signatures_are_untrusted_without_the_demo_root(
    signed: Signed, settings: Any, tmp_path: Path
) -> None:
    settings.MOTCUA_SIGNING_DIR = tmp_path
    [report] = validate_pdf_signatures(signed.signed)
    assert report.intact and not report.trusted and not report.valid
    assert "not from a trusted authority" in report.summary


def test_configured_trust_roots_are_trusted(signed: Signed, settings: Any, tmp_path: Path) -> None:
    settings.MOTCUA_SIGNING_TRUST_ROOTS = [str(signed.directory / "demo-ca.pem")]
    settings.MOTCUA_SIGNING_DIR = tmp_path
    [report] = validate_pdf_signatures(signed.signed)
    assert report.valid


def test_an_unsigned_pdf_has_no_signatures() -> None:
    assert validate_pdf_signatures(sample_pdf()) == []


def test_a_pdfa_original_keeps_its_pdfa_identification() -> None:
    html = "<html lang='vi'><body><h1>Giấy chứng nhận</h1></body></html>"
    original = bytes(weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-2b"))
    data = sign_pdf(pdf=original, agency_code=AGENCY_CODE)
    assert data.startswith(original)
    xmp = PdfFileReader(BytesIO(data)).root["/Metadata"].get_object().data
    assert b'pdfaid:part="2"' in xmp
    [report] = validate_pdf_signatures(data)
    assert report.valid


def test_the_demo_root_is_not_trusted_unless_the_deployment_says_so(
    signed: Signed, settings: Any
) -> None:
    from motcua.signing.validation import validate_pdf_signatures

    settings.MOTCUA_SIGNING_TRUST_DEMO_ROOT = False
    (report,) = validate_pdf_signatures(signed.signed)
    assert report.intact and not report.trusted
