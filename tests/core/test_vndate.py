from datetime import UTC, date, datetime

from motcua.core.lib.vndate import place_name, vn_date_words, vn_day, vn_place_date, vn_time


def test_place_date_line_is_zero_padded() -> None:
    assert vn_place_date("Bắc Ninh", date(2026, 1, 5)) == "Bắc Ninh, ngày 05 tháng 01 năm 2026"


def test_date_words_keep_two_digit_day_and_month() -> None:
    assert vn_date_words(date(2026, 11, 24)) == "ngày 24 tháng 11 năm 2026"


def test_time_is_shown_in_vietnam_time() -> None:
    # 03:05 UTC is 10:05 in Vietnam (UTC+7).
    assert vn_time(datetime(2026, 2, 13, 3, 5, tzinfo=UTC)) == "10 giờ 05 phút, ngày 13/02/2026"


def test_date_of_an_aware_datetime_is_the_vietnam_day() -> None:
    # 20:00 UTC on 4 January is already 5 January in Vietnam.
    moment = datetime(2026, 1, 4, 20, 0, tzinfo=UTC)
    assert vn_day(moment) == "05/01/2026"
    assert vn_place_date("Huế", moment) == "Huế, ngày 05 tháng 01 năm 2026"


def test_naive_datetime_is_taken_as_vietnam_time() -> None:
    assert vn_time(datetime(2026, 2, 13, 7, 30)) == "07 giờ 30 phút, ngày 13/02/2026"


def test_place_name_drops_the_rank_of_the_province() -> None:
    assert place_name("Tỉnh Bắc Ninh") == "Bắc Ninh"
    assert place_name("Thành phố Hà Nội") == "Hà Nội"
    assert place_name("Bắc Ninh") == "Bắc Ninh"
