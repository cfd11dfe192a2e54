"""The population-registry port: the local table and the HTTP adapter on loopback."""

from __future__ import annotations

import json
import logging
import socket
from datetime import date
from typing import Any

import pytest

from motcua.citizens.models import RegistryPerson
from motcua.citizens.registry import (
    SOURCE_LOCAL,
    SOURCE_NATIONAL,
    Declared,
    HttpRegistry,
    LocalRegistry,
    RegistryUnavailable,
    registry,
)
from tests.citizens.conftest import HUNG_RECORD, FakeNationalRegistry

HUNG = "024090001234"
DECLARED = Declared(
    name="nguyễn  văn HÙNG",
    birth_date=date(1990, 5, 17),
    sex="male",
    address="Thôn Đồng Mới xã Đèo Gia, Bắc Ninh",
)


@pytest.fixture
def hung_in_local_registry(db: Any) -> RegistryPerson:
    return RegistryPerson.objects.create(
        id_number=HUNG,
        full_name="Nguyễn Văn Hùng",
        birth_date=date(1990, 5, 17),
        sex="male",
        permanent_address="Thôn Đồng Mới, xã Đèo Gia, Bắc Ninh",
    )


def test_the_local_registry_is_the_default(settings: Any) -> None:
    assert settings.MOTCUA_REGISTRY == "local"
    assert isinstance(registry(), LocalRegistry)


def test_the_local_registry_finds_a_person_by_id_number(hung_in_local_registry: Any) -> None:
    person = LocalRegistry().lookup(HUNG)
    assert person is not None
    assert (person.full_name, person.birth_date, person.sex) == (
        "Nguyễn Văn Hùng",
        date(1990, 5, 17),
        "male",
    )
    assert LocalRegistry().lookup("024090009999") is None


def test_verification_ignores_case_spacing_and_commas_but_not_diacritics(
    hung_in_local_registry: Any,
) -> None:
    result = LocalRegistry().verify(HUNG, DECLARED)
    assert result.source == SOURCE_LOCAL
    assert result.matched
    assert result.checks == {"name": True, "birth_date": True, "sex": True, "address": True}
    other = LocalRegistry().verify(HUNG, Declared(name="Nguyễn Văn Hưng"))
    assert other.mismatches == ["name"]
    assert other.checks["birth_date"] is None  # not declared: not compared


def test_every_differing_field_is_reported_with_the_registry_values(
    hung_in_local_registry: Any,
) -> None:
    result = LocalRegistry().verify(
        HUNG,
        Declared(
            name="Nguyễn Văn Hùng",
            birth_date=date(1990, 5, 18),
            sex="female",
            address="Khu Trần Phú",
        ),
    )
    assert result.mismatches == ["birth_date", "sex", "address"]
    assert result.person is not None and result.person.birth_date == date(1990, 5, 17)


def test_an_unknown_number_is_not_found(db: Any) -> None:
    result = LocalRegistry().verify(HUNG, DECLARED)
    assert not result.found and not result.matched
    assert result.mismatches == []


# --- the HTTP adapter ---------------------------------------------------------------


def test_registry_returns_the_http_adapter_when_configured(
    national_registry: FakeNationalRegistry,
) -> None:
    port = registry()
    assert isinstance(port, HttpRegistry)
    assert port.source == SOURCE_NATIONAL


def test_the_http_adapter_finds_and_verifies_a_person(
    national_registry: FakeNationalRegistry,
) -> None:
    national_registry.person(HUNG_RECORD)
    result = registry().verify(HUNG, DECLARED)
    assert result.matched
    assert result.source == SOURCE_NATIONAL
    assert result.person is not None
    assert result.person.permanent_address == HUNG_RECORD["permanent_address"]
    assert national_registry.requests == [(f"/api/persons/{HUNG}", "Bearer test-registry-token")]


def test_a_404_is_not_found_not_a_failure(national_registry: FakeNationalRegistry) -> None:
    assert registry().lookup("024090009999") is None
    assert not registry().verify("024090009999", DECLARED).found


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, b"Internal Server Error"),
        (503, b""),
        (401, b'{"error": "bad token"}'),
        (200, b"<html>not json</html>"),
        (200, b'["a list"]'),
        (200, json.dumps({**HUNG_RECORD, "birth_date": "17/05/1990"}).encode()),
        (200, json.dumps({**HUNG_RECORD, "sex": "x"}).encode()),
        (200, json.dumps({k: v for k, v in HUNG_RECORD.items() if k != "full_name"}).encode()),
        (200, json.dumps({**HUNG_RECORD, "id_number": "024090009999"}).encode()),
        (200, b"{" + b" " * 70_000 + b"}"),
    ],
    ids=[
        "500",
        "503",
        "401",
        "html",
        "list",
        "bad-date",
        "bad-sex",
        "no-name",
        "other-person",
        "too-large",
    ],
)
def test_a_failing_service_is_unavailable_with_a_plain_message(
    national_registry: FakeNationalRegistry, status: int, body: bytes
) -> None:
    national_registry.answer(HUNG, status, body)
    with pytest.raises(RegistryUnavailable) as caught:
        registry().verify(HUNG, DECLARED)
    assert "not answering" in caught.value.message
    assert caught.value.status == 503


def test_a_slow_service_times_out_as_unavailable(
    national_registry: FakeNationalRegistry, settings: Any
) -> None:
    settings.MOTCUA_REGISTRY_TIMEOUT = 0.3
    national_registry.answer(HUNG, 200, json.dumps(HUNG_RECORD).encode(), delay=1.5)
    with pytest.raises(RegistryUnavailable):
        registry().lookup(HUNG)


def test_a_closed_port_is_unavailable(settings: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MOTCUA_REGISTRY = "http"
    settings.MOTCUA_REGISTRY_URL = f"http://127.0.0.1:{port}"
    with pytest.raises(RegistryUnavailable):
        registry().lookup(HUNG)


def test_the_log_never_holds_the_full_id_number(
    national_registry: FakeNationalRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    national_registry.answer(HUNG, 500)
    with (
        caplog.at_level(logging.DEBUG, logger="motcua.citizens"),
        pytest.raises(RegistryUnavailable),
    ):
        registry().lookup(HUNG)
    assert caplog.records
    assert HUNG not in caplog.text
    assert "024*******34" in caplog.text


def test_only_http_urls_are_accepted() -> None:
    with pytest.raises(ValueError):
        HttpRegistry(base_url="file:///etc/passwd", token="", timeout=1)
