"""Signing keys of the one-stop units: where they live, the demo CA that issues them.

Each unit's key is a PKCS#12 file named after the agency's electronic code in
``MOTCUA_SIGNING_DIR``, protected by ``MOTCUA_SIGNING_PASSWORD``. Real units
get their certificates from the Government Cipher Committee (Ban Cơ yếu),
usually on a USB token (PKCS#11); the demo CA only stands in for that so a
fresh install can sign.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign import signers

from motcua.core.errors import DomainError

DEMO_CA_NAME = "motcua demo CA — NOT FOR PRODUCTION"
DEMO_CA_CERT = "demo-ca.pem"
DEMO_CA_KEY = "demo-ca.key.pem"
DEFAULT_PASSWORD = "motcua-demo"  # noqa: S105 - the demo's documented default, not a secret
# Electronic codes look like 000.00.00.H49; anything else could escape the folder.
_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class SigningUnavailable(DomainError):
    """The unit has no usable signing key, so the copy cannot be signed now."""

    status = 503


def signing_dir() -> Path:
    return Path(getattr(settings, "MOTCUA_SIGNING_DIR", Path(settings.VAR_DIR) / "signing"))


def signing_password() -> bytes:
    return str(getattr(settings, "MOTCUA_SIGNING_PASSWORD", DEFAULT_PASSWORD)).encode()


def key_path(directory: Path, agency_code: str) -> Path:
    """The PKCS#12 file of one agency; refuses codes that are not plain file names."""
    if not _CODE_RE.match(agency_code):
        raise SigningUnavailable(
            _("“%(code)s” is not a valid agency code for a signing key.") % {"code": agency_code}
        )
    return directory / f"{agency_code}.p12"


def load_signer(agency_code: str) -> signers.SimpleSigner:
    """The agency's signer from its PKCS#12 file; SigningUnavailable when missing or unreadable."""
    path = key_path(signing_dir(), agency_code)
    if not path.is_file():
        raise SigningUnavailable(
            _("No signing key is configured for agency %(code)s.") % {"code": agency_code}
        )
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            path.read_bytes(), other_certs=[], passphrase=signing_password()
        )
    except ValueError as exc:
        # A wrong password and a damaged file look the same to PKCS#12.
        raise SigningUnavailable(
            _("The signing key of agency %(code)s cannot be opened.") % {"code": agency_code}
        ) from exc
    return signer


def signing_demo_ca(*, directory: Path, units: list[tuple[str, str]]) -> list[Path]:
    """Create the demo root CA and one PKCS#12 per ``(agency code, agency name)``.

    Existing files are kept, so running it again only adds missing units.
    Returns the files written by this call.
    """
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    written: list[Path] = []
    ca_key, ca_cert = _demo_ca(directory, written)
    for code, name in units:
        path = key_path(directory, code)
        if path.exists():
            continue
        key = _new_key()
        cert = _unit_certificate(key, name, ca_key, ca_cert)
        data = pkcs12.serialize_key_and_certificates(
            name=name.encode(),
            key=key,
            cert=cert,
            cas=[ca_cert],
            encryption_algorithm=serialization.BestAvailableEncryption(signing_password()),
        )
        if _write_new(path, data):
            written.append(path)
    return written


def _demo_ca(directory: Path, written: list[Path]) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    cert_path, key_path_ = directory / DEMO_CA_CERT, directory / DEMO_CA_KEY
    if not cert_path.exists():
        key = _new_key()
        cert = _root_certificate(key)
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(signing_password()),
        )
        # The key first: a certificate without its key could issue nothing.
        for path, data in ((key_path_, key_pem), (cert_path, cert.public_bytes(_PEM))):
            if _write_new(path, data):
                written.append(path)
    return _load_demo_ca(cert_path, key_path_)


def _load_demo_ca(cert_path: Path, key_path_: Path) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path_.read_bytes(), password=signing_password())
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SigningUnavailable(_("The demo CA key is not an RSA key."))
    return key, cert


_PEM = serialization.Encoding.PEM


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, organisation: str) -> x509.Name:
    # cryptography encodes O and CN as UTF8String, so Vietnamese names keep their marks.
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _bounded(organisation)),
            x509.NameAttribute(NameOID.COMMON_NAME, _bounded(common_name)),
        ]
    )


def _bounded(value: str, limit: int = 64) -> str:
    """X.520 caps O and CN at 64, which ``cryptography`` counts in UTF-8 bytes
    (a Vietnamese letter may take three): cut a longer agency name at a word."""
    if len(value.encode()) <= limit:
        return value
    words, kept = value.split(" "), ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if len(candidate.encode()) > limit:
            break
        kept = candidate
    return kept or value.encode()[:limit].decode(errors="ignore")


def _root_certificate(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = _name(DEMO_CA_NAME, "motcua")
    now = timezone.now()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _unit_certificate(
    key: rsa.RSAPrivateKey, name: str, ca_key: rsa.RSAPrivateKey, ca_cert: x509.Certificate
) -> x509.Certificate:
    now = timezone.now()
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    # No extended key usage: NSS (pdfsig) would then demand emailProtection.
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name, name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(min(now + timedelta(days=3 * 365), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    # A unit signs documents (digitalSignature + nonRepudiation, which pyHanko
    # requires by default); the CA only signs certificates and CRLs.
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _write_new(path: Path, data: bytes) -> bool:
    """Write ``path`` only if it does not exist, never leaving a half-written file.

    The hard link fails if another run created the file meanwhile, so two
    concurrent runs cannot overwrite each other's key.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)
    return True
