"""The normalised document type that matches stored documents to checklist items."""

from __future__ import annotations

import pytest

from motcua.warehouse.kinds import document_kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Giấy khai sinh", "giay khai sinh"),
        ("Giấy khai sinh (bản chính)", "giay khai sinh"),
        ("  GIẤY   KHAI SINH. ", "giay khai sinh"),
        ("Căn cước công dân (xuất trình)", "can cuoc cong dan"),
        ("Đăng ký, cấp biển số xe", "dang ky cap bien so xe"),
        ("", ""),
    ],
)
def test_document_kinds_ignore_accents_case_punctuation_and_remarks(name: str, kind: str) -> None:
    assert document_kind(name) == kind


def test_a_kind_is_bounded() -> None:
    assert len(document_kind("a " * 1000)) <= 300
