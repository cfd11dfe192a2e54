"""A demo CA in a temporary folder, a small Vietnamese PDF and its signed copy.

Keys and the signed copy are made once per session: RSA key generation and
font subsetting are the slow parts, and no test changes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from django.test import override_settings

from motcua.signing.keys import signing_demo_ca
from motcua.signing.services import sign_pdf

AGENCY_CODE = "000.21.24.H24"
AGENCY_NAME = "Trung tâm Phục vụ hành chính công xã Đèo Gia"
# 2026-11-26 09:15:03 in Vietnam (UTC+7).
SIGNED_AT = datetime(2026, 11, 26, 2, 15, 3, tzinfo=UTC)
PASSWORD = "test-signing-pw"


@dataclass(frozen=True)
class Signed:
    directory: Path
    original: bytes
    signed: bytes
    path: Path


@pytest.fixture(scope="session")
def signing_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("signing")
    with override_settings(MOTCUA_SIGNING_PASSWORD=PASSWORD):
        signing_demo_ca(directory=directory, units=[(AGENCY_CODE, AGENCY_NAME)])
    return directory


@pytest.fixture(autouse=True)
def _signing_settings(signing_folder: Path, settings: Any) -> None:
    settings.MOTCUA_SIGNING_DIR = signing_folder
    settings.MOTCUA_SIGNING_PASSWORD = PASSWORD
    settings.MOTCUA_SIGNING_TRUST_ROOTS = []
    settings.MOTCUA_SIGNING_TRUST_DEMO_ROOT = True  # as `make demo` does


def sample_pdf() -> bytes:
    html = (
        "<html lang='vi'><body><h1>Giấy khai sinh</h1>"
        "<p>Họ và tên: Nguyễn Thị Ánh Dương, sinh ngày 01/02/2020 tại xã Đèo Gia.</p>"
        "</body></html>"
    )
    return bytes(weasyprint.HTML(string=html).write_pdf())


@pytest.fixture(scope="session")
def signed(signing_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Signed]:
    original = sample_pdf()
    with override_settings(MOTCUA_SIGNING_DIR=signing_folder, MOTCUA_SIGNING_PASSWORD=PASSWORD):
        data = sign_pdf(pdf=original, agency_code=AGENCY_CODE, at=SIGNED_AT)
    path = tmp_path_factory.mktemp("signed") / "signed.pdf"
    path.write_bytes(data)
    yield Signed(directory=signing_folder, original=original, signed=data, path=path)
