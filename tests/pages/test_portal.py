"""The public lookup page: progress for a code, identity only for the applicant's ID digits."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.portal.selectors import LOOKUP_LIMIT
from tests.dossiers.helpers import act, receive, walk_to_returned

URL = reverse("portal:lookup")
PROCEDURE = "Đăng ký kết hôn"


def result_of(response: Any) -> str:
    """The result card of the page (the rest carries a fresh CSRF token on every request)."""
    found = re.search(
        r'<section class="card result">.*?</section>', response.content.decode(), re.S
    )
    assert found, response.content.decode()
    return found.group(0)


def look_up(client: Client, code: str, ip: str = "198.51.100.1", **params: str) -> Any:
    """As the page's form does: a POST, so ID digits stay out of URLs and logs."""
    return client.post(URL, {"code": code, **params}, REMOTE_ADDR=ip)


def test_a_plain_link_with_the_code_shows_the_status_but_ignores_digits_in_the_url(
    client: Client, world: Any, dossier: Dossier
) -> None:
    card = result_of(client.get(URL, {"code": dossier.code, "id_last4": "1234"}))
    assert dossier.code in card and "Nguyễn V. H." not in card


def test_the_code_alone_shows_progress_but_not_who_or_what(
    client: Client, world: Any, dossier: Dossier
) -> None:
    response = look_up(client, dossier.code)
    assert response.status_code == 200
    card = result_of(response)
    assert dossier.code in card
    assert "Received" in card and "Result promised for" in card
    assert "Not ready yet" in card
    assert world.centre.name in card
    assert "Nguyễn" not in card and "V. H." not in card
    assert PROCEDURE not in card
    assert "1234" not in card and "234" not in card
    assert 'name="viewport"' in response.content.decode()


def test_the_right_last_four_digits_show_the_masked_name_and_the_procedure(
    client: Client, world: Any, dossier: Dossier
) -> None:
    card = result_of(look_up(client, dossier.code, id_last4=" 1234 "))
    assert "Nguyễn V. H." in card and "Văn Hùng" not in card
    assert PROCEDURE in card
    assert "024090001234" not in card


def test_wrong_last_four_digits_answer_as_if_none_were_given(
    client: Client, world: Any, dossier: Dossier
) -> None:
    without = result_of(look_up(client, dossier.code))
    for wrong in ["9999", "0123", "123", "12345", "１２３４", "abcd"]:
        assert result_of(look_up(client, dossier.code, id_last4=wrong)) == without


def test_the_result_line_follows_the_status(client: Client, world: Any) -> None:
    refused = act(world.counter, receive(world.counter), "refuse", reason="Thiếu giấy tờ")
    returned = walk_to_returned(world, receive(world.counter))
    ready = act(world.counter, receive(world.counter), "assign", assignee="specialist")
    ready = act(world.specialist, ready, "appraise")
    ready = act(world.leader, ready, "approve")
    ready = act(world.leader, ready, "sign")
    ready = act(world.clerk, ready, "issue", result_number="13/2026/GCN")
    assert "you may collect it" in result_of(look_up(client, ready.code))
    assert "None: the dossier is closed" in result_of(look_up(client, refused.code))
    assert "Returned to the applicant" in result_of(look_up(client, returned.code))


def test_lookup_of_an_unknown_code_says_so(client: Client, world: Any) -> None:
    card = result_of(look_up(client, "NOPE-1"))
    assert "No dossier has the code “NOPE-1”" in card


@pytest.mark.parametrize("code", ["\x00abc", "abc\x00", "a\x1fb", "\x7fabc", "X" * 65])
def test_control_characters_and_long_codes_are_not_found_without_a_query(
    client: Client, world: Any, dossier: Dossier, code: str
) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = look_up(client, code)
    assert response.status_code == 200
    assert "No dossier has this code." in result_of(response)
    assert not [q for q in queries.captured_queries if "dossiers_dossier" in q["sql"]]


def test_a_nul_in_the_query_string_is_not_found(client: Client, world: Any) -> None:
    response = client.get(URL + "?code=%00abc")
    assert response.status_code == 200
    assert "No dossier has this code." in result_of(response)


def test_lookup_form_shows_without_a_code(client: Client, world: Any) -> None:
    page = client.get(URL).content.decode()
    assert 'name="code"' in page and 'name="id_last4"' in page
    assert "No dossier has" not in page


def test_the_lookup_after_the_limit_is_refused_for_that_address_only(
    client: Client, world: Any, dossier: Dossier
) -> None:
    for _ in range(LOOKUP_LIMIT):
        assert look_up(client, dossier.code).status_code == 200
    refused = look_up(client, dossier.code)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "too many times" in result_of(refused)
    assert dossier.code not in result_of(refused)
    assert look_up(client, dossier.code, ip="198.51.100.2").status_code == 200


def test_the_form_alone_is_not_counted(client: Client, world: Any) -> None:
    for _ in range(LOOKUP_LIMIT + 1):
        assert client.get(URL).status_code == 200


def test_the_429_page_speaks_vietnamese_by_default(
    client: Client, world: Any, dossier: Dossier
) -> None:
    client.cookies.clear()
    for _ in range(LOOKUP_LIMIT + 1):
        response = look_up(client, dossier.code)
    assert response.status_code == 429
    assert "Bạn tra cứu quá nhiều lần; vui lòng thử lại sau một phút." in result_of(response)


def test_a_forged_forwarded_for_does_not_change_who_is_counted(
    client: Client, world: Any, dossier: Dossier, settings: Any
) -> None:
    settings.MOTCUA_NUM_PROXIES = 0
    statuses = [
        client.get(
            URL,
            {"code": dossier.code},
            REMOTE_ADDR="198.51.100.1",
            HTTP_X_FORWARDED_FOR=f"10.9.{n}.1",
        ).status_code
        for n in range(LOOKUP_LIMIT + 1)
    ]
    assert statuses[-1] == 429


def test_behind_one_proxy_the_right_most_forwarded_address_is_counted(
    client: Client, world: Any, dossier: Dossier, settings: Any
) -> None:
    settings.MOTCUA_NUM_PROXIES = 1

    def via_proxy(forwarded: str) -> int:
        return client.get(
            URL, {"code": dossier.code}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # The client varies what it sends; the proxy appends the same real address.
    statuses = [via_proxy(f"10.9.{n}.1, 203.0.113.7") for n in range(LOOKUP_LIMIT + 1)]
    assert statuses[-1] == 429
    assert via_proxy("203.0.113.8") == 200
