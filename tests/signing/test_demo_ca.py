"""The demo CA: one PKCS#12 per one-stop unit, made once, opened with the configured password."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.management import call_command

from motcua.signing.keys import DEMO_CA_NAME

from .conftest import PASSWORD


def test_command_creates_a_key_for_every_one_stop_agency_once(
    world: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MOTCUA_SIGNING_DIR = tmp_path / "keys"
    call_command("signing_demo_ca")
    files = sorted(p.name for p in (tmp_path / "keys").iterdir())
    assert files == [
        "000.21.24.H24.p12",
        "000.22.24.H24.p12",
        "demo-ca.key.pem",
        "demo-ca.pem",
    ]
    before = {p: p.read_bytes() for p in (tmp_path / "keys").iterdir()}
    call_command("signing_demo_ca")
    assert {p: p.read_bytes() for p in (tmp_path / "keys").iterdir()} == before


def test_command_writes_into_the_folder_given(world: Any, tmp_path: Path) -> None:
    call_command("signing_demo_ca", "--dir", str(tmp_path / "other"))
    assert (tmp_path / "other" / "000.21.24.H24.p12").is_file()


def test_pkcs12_opens_with_the_configured_password_and_names_the_unit_in_vietnamese(
    signing_folder: Path,
) -> None:
    key, cert, chain = pkcs12.load_key_and_certificates(
        (signing_folder / "000.21.24.H24.p12").read_bytes(), PASSWORD.encode()
    )
    assert key is not None and cert is not None
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == (
        "Trung tâm Phục vụ hành chính công xã Đèo Gia"
    )
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "Trung tâm Phục vụ hành chính công xã Đèo Gia"
    )
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    [root] = chain
    assert root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == DEMO_CA_NAME
    assert cert.issuer == root.subject


def test_key_files_are_readable_by_their_owner_only(signing_folder: Path) -> None:
    for path in signing_folder.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path


def test_an_agency_name_longer_than_a_certificate_allows_is_cut_at_a_word(tmp_path) -> None:
    from motcua.signing.keys import signing_demo_ca

    long_name = "Trung tâm Phục vụ hành chính công xã Đèo Gia, huyện Lục Ngạn, tỉnh Bắc Giang cũ"
    (path,) = [
        p
        for p in signing_demo_ca(directory=tmp_path, units=[("X.1", long_name)])
        if p.suffix == ".p12"
    ]
    assert path.exists()
