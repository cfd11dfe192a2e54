"""An independent validator: poppler's pdfsig (NSS) must accept the unit's signature.

pdfsig checks the certificate chain against an NSS database. Without one that
holds the demo root, it still verifies the signature itself but calls the
issuer untrusted; with one (built by certutil, Debian's libnss3-tools) the
whole chain is checked.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import AGENCY_NAME, Signed
from .test_sign_pdf import tampered


def pdfsig(path: Path, *options: str) -> str:
    # pdfsig's exit status does not tell a valid signature from an invalid one.
    return subprocess.run(
        ["pdfsig", *options, str(path)], capture_output=True, text=True, check=False
    ).stdout


@pytest.fixture(scope="session")
def nss_db(signed: Signed, tmp_path_factory: pytest.TempPathFactory) -> str:
    if shutil.which("certutil") is None:
        pytest.skip("certutil (Debian package libnss3-tools) is not installed")
    folder = tmp_path_factory.mktemp("nssdb")
    db = f"sql:{folder}"
    subprocess.run(["certutil", "-N", "-d", db, "--empty-password"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            db,
            "-n",
            "motcua demo CA",
            "-t",
            "C,C,C",
            "-i",
            str(signed.directory / "demo-ca.pem"),
        ],
        check=True,
    )
    return db


def test_pdfsig_finds_the_signature_valid_and_covering_the_document(signed: Signed) -> None:
    out = pdfsig(signed.path)
    assert "Signature Validation: Signature is Valid." in out
    assert "Total document signed" in out
    assert f"Signer Certificate Common Name: {AGENCY_NAME}" in out
    assert "Signature Type: ETSI.CAdES.detached" in out


def test_pdfsig_trusts_the_chain_with_the_demo_root_in_its_database(
    signed: Signed, nss_db: str
) -> None:
    out = pdfsig(signed.path, "-nssdir", nss_db)
    assert "Signature Validation: Signature is Valid." in out
    assert "Certificate Validation: Certificate is Trusted." in out


def test_pdfsig_rejects_a_changed_byte(signed: Signed, tmp_path: Path) -> None:
    path = tmp_path / "tampered.pdf"
    path.write_bytes(tampered(signed.signed))
    out = pdfsig(path)
    assert "Signature Validation:" in out
    assert "Signature is Valid." not in out
