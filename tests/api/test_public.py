"""GET /api/v1/public/lookup/{code}: the same two levels and the same limit as the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from motcua.portal.selectors import ID_CHECK_LIMIT, LOOKUP_LIMIT
from tests.api.conftest import BASE

pytestmark = pytest.mark.django_db

PROCEDURE = "Đăng ký kết hôn"


def look_up(anonymous: Any, code: str, ip: str = "198.51.100.1", **extra: Any) -> Any:
    params = {"id_last4": extra.pop("id_last4")} if "id_last4" in extra else {}
    return anonymous.client.get(
        f"{BASE}/public/lookup/{code}",
        params,
        headers=anonymous.headers,
        REMOTE_ADDR=ip,
        **extra,
    )


def test_the_code_alone_gives_progress_but_not_who_or_what(api: Any, anonymous: Any) -> None:
    code = api["counter"].receive()
    response = look_up(anonymous, code)
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == code and body["status"] == "received"
    assert body["due_at"].endswith("+07:00") and body["received_at"]
    assert body["result_ready"] is False and body["closed_without_result"] is False
    assert body["procedure"] is None and body["applicant"] is None
    text = response.content.decode()
    assert "Nguyễn" not in text and PROCEDURE not in text and "234" not in text


def test_the_right_last_four_digits_add_the_masked_name_and_the_procedure(
    api: Any, anonymous: Any
) -> None:
    code = api["counter"].receive()
    response = look_up(anonymous, code, id_last4="1234")
    body = response.json()
    assert body["applicant"] == "Nguyễn V. H." and body["procedure"] == PROCEDURE
    assert "Văn Hùng" not in response.content.decode()
    assert "024090001234" not in response.content.decode()


def test_wrong_last_four_digits_answer_as_if_none_were_given(api: Any, anonymous: Any) -> None:
    code = api["counter"].receive()
    without = look_up(anonymous, code).json()
    for wrong in ["9999", "123", "12345", "abcd", "\x00234"]:
        response = look_up(anonymous, code, id_last4=wrong)
        assert response.status_code == 200 and response.json() == without


def test_a_withdrawn_dossier_is_closed_without_a_result(api: Any, anonymous: Any) -> None:
    code = api["counter"].receive()
    assert api["counter"].act(code, "withdraw", reason="Người nộp rút hồ sơ").status_code == 200
    body = look_up(anonymous, code).json()
    assert body["status"] == "withdrawn"
    assert body["closed_without_result"] is True and body["result_ready"] is False


def test_public_lookup_of_an_unknown_code_is_404_json(anonymous: Any, world: Any) -> None:
    response = look_up(anonymous, "000.21.24.H24-260101-9999")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("code", ["%00abc", "abc%00", "a%1Fb", "X" * 65])
def test_control_characters_and_long_codes_are_404(anonymous: Any, world: Any, code: str) -> None:
    response = look_up(anonymous, code)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_lookup_after_the_limit_is_429_for_that_address_only(api: Any, anonymous: Any) -> None:
    code = api["counter"].receive()
    for _ in range(LOOKUP_LIMIT):
        assert look_up(anonymous, code).status_code == 200
    refused = look_up(anonymous, code)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "too many times" in refused.json()["detail"]
    assert look_up(anonymous, code, ip="198.51.100.2").status_code == 200


def test_the_page_and_the_api_share_one_limit(api: Any, anonymous: Any) -> None:
    code = api["counter"].receive()
    for _ in range(LOOKUP_LIMIT):
        anonymous.client.get(reverse("portal:lookup"), {"code": code}, REMOTE_ADDR="198.51.100.1")
    assert look_up(anonymous, code).status_code == 429


def test_a_forged_forwarded_for_does_not_change_who_is_counted(
    api: Any, anonymous: Any, settings: Any
) -> None:
    settings.MOTCUA_NUM_PROXIES = 0
    code = api["counter"].receive()
    statuses = [
        look_up(anonymous, code, HTTP_X_FORWARDED_FOR=f"10.9.{n}.1").status_code
        for n in range(LOOKUP_LIMIT + 1)
    ]
    assert statuses[-1] == 429


def test_behind_one_proxy_the_right_most_forwarded_address_is_counted(
    api: Any, anonymous: Any, settings: Any
) -> None:
    settings.MOTCUA_NUM_PROXIES = 1
    code = api["counter"].receive()

    def via_proxy(forwarded: str) -> int:
        return int(
            look_up(anonymous, code, ip="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code
        )

    statuses = [via_proxy(f"10.9.{n}.1, 203.0.113.7") for n in range(LOOKUP_LIMIT + 1)]
    assert statuses[-1] == 429
    assert via_proxy("203.0.113.8") == 200


def test_an_applicants_id_digits_can_be_checked_only_a_few_times_an_hour(
    api: Any, anonymous: Any
) -> None:
    code = api["counter"].receive()
    for n in range(ID_CHECK_LIMIT):
        look_up(anonymous, code, ip=f"198.51.100.{n + 10}", id_last4=f"{n:04d}")
    # Even the right digits, from a fresh address, no longer reveal who applied.
    body = look_up(anonymous, code, ip="198.51.100.200", id_last4="1234").json()
    assert body["applicant"] is None and body["procedure"] is None
