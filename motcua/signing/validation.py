"""Checking the signatures in a PDF: the unit's own copies and citizens' signed files.

Trust comes only from configured roots (``MOTCUA_SIGNING_TRUST_ROOTS``) and
the demo CA when one exists in ``MOTCUA_SIGNING_DIR``; never from the
operating system's web roots, which say nothing about Vietnamese signing CAs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from motcua.core.errors import DomainError
from motcua.signing.keys import DEMO_CA_CERT, signing_dir


@dataclass(frozen=True)
class SignatureReport:
    """What one signature in a PDF proves.

    ``intact``: the signed bytes are unchanged. ``trusted``: the signature
    matches the certificate and the certificate leads to a trusted root.
    ``valid``: both, and nothing after it breaks the document's signing
    policy. ``covers_whole_document``: nothing was appended after it.
    """

    field_name: str
    signer_name: str
    signing_time: datetime | None
    intact: bool
    trusted: bool
    valid: bool
    covers_whole_document: bool
    summary: str


def validate_pdf_signatures(pdf: bytes) -> list[SignatureReport]:
    """One report per signature (document timestamps excluded), in file order."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = reader.embedded_regular_signatures
    except (PdfError, ValueError, IndexError, KeyError) as exc:
        raise DomainError(_("The file is not a PDF whose signatures can be read.")) from exc
    context = validation_context()
    return [_report(sig, context) for sig in embedded]


def validation_context() -> ValidationContext:
    # Revocation: soft-fail without fetching, as the demo CA publishes no CRL
    # and tests run offline; real CAs' OCSP checks come with token support.
    return ValidationContext(
        trust_roots=trust_roots(), allow_fetching=False, revocation_mode="soft-fail"
    )


def trust_roots() -> list[asn1_x509.Certificate]:
    paths = [Path(p) for p in getattr(settings, "MOTCUA_SIGNING_TRUST_ROOTS", [])]
    demo_root = signing_dir() / DEMO_CA_CERT
    # The demo root is a key anyone with the demo can use: trusted only when
    # the deployment says so (the demo does; production does not).
    if getattr(settings, "MOTCUA_SIGNING_TRUST_DEMO_ROOT", False) and demo_root.is_file():
        paths.append(demo_root)
    return [cert for path in paths for cert in _read_certificates(path)]


def _read_certificates(path: Path) -> Iterable[asn1_x509.Certificate]:
    data = path.read_bytes()
    if not pem.detect(data):
        return [asn1_x509.Certificate.load(data)]
    return [asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, True)]


def _report(sig: EmbeddedPdfSignature, context: ValidationContext) -> SignatureReport:
    name = _common_name(sig.signer_cert)
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except (SignatureValidationError, PdfError, ValueError) as exc:
        # A signature too broken to evaluate is reported, not raised: the
        # other signatures of the file still deserve a verdict.
        return SignatureReport(
            field_name=str(sig.field_name),
            signer_name=name,
            signing_time=sig.self_reported_timestamp,
            intact=False,
            trusted=False,
            valid=False,
            covers_whole_document=False,
            summary=_("The signature of %(name)s cannot be checked: %(error)s")
            % {"name": name, "error": exc},
        )
    return _report_from_status(sig, status, name)


def _report_from_status(
    sig: EmbeddedPdfSignature, status: PdfSignatureStatus, name: str
) -> SignatureReport:
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureReport(
        field_name=str(sig.field_name),
        signer_name=name,
        signing_time=status.signer_reported_dt,
        intact=status.intact,
        trusted=status.trusted,
        valid=status.bottom_line,
        covers_whole_document=whole,
        summary=_summary(status, name, whole),
    )


def _summary(status: PdfSignatureStatus, name: str, whole: bool) -> str:
    params = {"name": name}
    if not status.intact:
        return _("The document was changed after %(name)s signed it.") % params
    if not status.valid:
        return _("The signature of %(name)s does not match its certificate.") % params
    if not status.trusted:
        return _("The certificate of %(name)s is not from a trusted authority.") % params
    if not status.bottom_line:
        return _("Changes made after %(name)s signed are not allowed by the signature.") % params
    if not whole:
        return (
            _(
                "Valid signature of %(name)s; the file was extended afterwards "
                "(e.g. by further signatures)."
            )
            % params
        )
    return _("Valid signature of %(name)s.") % params


def _common_name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject.native
    return str(subject.get("common_name") or subject.get("organization_name") or "")
