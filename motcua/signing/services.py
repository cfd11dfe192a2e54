"""Signing PDFs as a one-stop unit (PAdES), with the stamp Decree 30/2020 asks for.

Decree 30/2020, annex I: an electronic copy carries the organisation's digital
signature at the top right of the first page, with a text giving the copy
type, the organisation and the signing time (ISO 8601, Vietnam time).

``sign_pdf`` knows no model: digitization (copies) and results both call it
with bytes and an agency code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from asn1crypto import x509 as asn1_x509
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.stamp import TextStampStyle

from motcua.core.errors import DomainError
from motcua.signing.keys import SigningUnavailable, load_signer

__all__ = ["SigningUnavailable", "sign_pdf"]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_COPY_LABEL = "Bản sao điện tử"
# Fonts with Vietnamese glyphs, first found wins (fonts-noto-core, fonts-liberation2).
STAMP_FONTS = (
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)
MM = 72 / 25.4
STAMP_WIDTH, STAMP_HEIGHT, STAMP_MARGIN = 70 * MM, 25 * MM, 10 * MM
STAMP_TEXT = "%(label)s\n%(agency)s\n%(signed_at)s"


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF user space (points): lower-left and upper-right corners."""

    x0: float
    y0: float
    x1: float
    y1: float


def sign_pdf(
    *,
    pdf: bytes,
    agency_code: str,
    copy_label: str = DEFAULT_COPY_LABEL,
    at: datetime | None = None,
) -> bytes:
    """Sign ``pdf`` as the agency, with a visible stamp at the top right of page 1.

    The signature is appended as an incremental update, so ``pdf`` stays a
    byte-for-byte prefix of the result (a PDF/A original keeps its
    conformance). Raises SigningUnavailable when the agency has no key and
    DomainError when the bytes are not a PDF that can be signed.
    """
    if at is not None and timezone.is_naive(at):
        raise ValueError("sign_pdf needs an aware datetime")
    signed_at = (at or timezone.now()).astimezone(VIETNAM)
    signer = load_signer(agency_code)
    writer = _writer(pdf)
    field_name = f"MotcuaSignature{_signature_count(writer) + 1}"
    pdf_signer = _PdfSignerAt(
        signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=copy_label,
        ),
        signer=signer,
        stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name, on_page=0, box=_rounded(stamp_box(writer))
        ),
        system_time=signed_at,
    )
    params = {
        "label": copy_label,
        "agency": organisation_name(signer.signing_cert),
        "signed_at": signed_at.isoformat(timespec="seconds"),
    }
    out = pdf_signer.sign_pdf(writer, appearance_text_params=params, output=BytesIO())
    return bytes(out.getvalue())


class _PdfSignerAt(signers.PdfSigner):
    """A PdfSigner whose signing time (the signature's /M) is given, not read from the clock.

    The stamp shows the time the caller chose; the signature dictionary must
    claim the same instant.
    """

    def __init__(
        self,
        signature_meta: signers.PdfSignatureMetadata,
        *,
        signer: signers.Signer,
        stamp_style: TextStampStyle,
        new_field_spec: fields.SigFieldSpec,
        system_time: datetime,
    ) -> None:
        super().__init__(
            signature_meta, signer=signer, stamp_style=stamp_style, new_field_spec=new_field_spec
        )
        self._system_time = system_time

    def init_signing_session(
        self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._system_time
        return session


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(BytesIO(pdf))
    except (PdfError, ValueError, IndexError, KeyError) as exc:
        raise DomainError(_("The file is not a PDF that can be signed.")) from exc


def _signature_count(writer: IncrementalPdfFileWriter) -> int:
    return sum(1 for _field in fields.enumerate_sig_fields(writer.prev))


def organisation_name(cert: asn1_x509.Certificate) -> str:
    """The subject's O (the unit), else its CN."""
    subject = cert.subject.native
    return str(subject.get("organization_name") or subject.get("common_name") or "")


def stamp_box(writer: IncrementalPdfFileWriter) -> Box:
    """Where the stamp goes on page 1: 70×25 mm, 10 mm in from the top and right edges."""
    page_ref, _resources = writer.find_page_for_modification(0)
    visible = page_box(page_ref.get_object())
    x1, y1 = visible.x1 - STAMP_MARGIN, visible.y1 - STAMP_MARGIN
    # A page narrower than the stamp still gets it, at its left edge.
    return Box(max(visible.x0, x1 - STAMP_WIDTH), max(visible.y0, y1 - STAMP_HEIGHT), x1, y1)


def page_box(page: generic.DictionaryObject) -> Box:
    """The page's visible area: CropBox, else MediaBox, inherited from the page tree."""
    for key in ("/CropBox", "/MediaBox"):
        node: generic.DictionaryObject | None = page
        while node is not None:
            if key in node:
                a, b, c, d = (float(v) for v in node[key])
                return Box(min(a, c), min(b, d), max(a, c), max(b, d))
            parent = node.get("/Parent")
            node = parent.get_object() if parent is not None else None
    # ISO 32000 makes MediaBox required; US Letter is what readers assume otherwise.
    return Box(0, 0, 612, 792)


def _rounded(box: Box) -> tuple[int, int, int, int]:
    # SigFieldSpec takes whole points; rounding inwards keeps the stamp on the page.
    return (math.ceil(box.x0), math.ceil(box.y0), math.floor(box.x1), math.floor(box.y1))


def _stamp_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=_stamp_font(), font_size=9),
        border_width=1,
    )


@cache
def _stamp_font() -> GlyphAccumulatorFactory:
    for path in STAMP_FONTS:
        if path.is_file():
            return GlyphAccumulatorFactory(str(path), font_size=9)
    # The standard PDF fonts cannot show Vietnamese marks, so signing without
    # one of these fonts would print a wrong agency name.
    raise SigningUnavailable(
        _("No font with Vietnamese characters is installed for the signature stamp.")
    )
