import pytest

from motcua.core.lib.text import fold


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đăng ký kết hôn", "dang ky ket hon"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("đường Nguyễn Huệ", "duong nguyen hue"),
        ("Chứng thực  bản sao\t từ bản chính ", "chung thuc ban sao tu ban chinh"),
        ("Lý lịch tư pháp", "ly lich tu phap"),
        ("1.001193", "1.001193"),
        ("", ""),
    ],
)
def test_fold_strips_marks_maps_d_and_collapses_spaces(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_treats_composed_and_decomposed_forms_alike() -> None:
    composed = "Hộ tịch"
    decomposed = "Ho\u0323\u0302 ti\u0323ch"
    assert fold(composed) == fold(decomposed) == "ho tich"


def test_fold_is_idempotent() -> None:
    once = fold("  Xác nhận TÌNH TRẠNG hôn nhân ")
    assert fold(once) == once
