"""The fixed-window limiter and whose address it counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from motcua.core import ratelimit
from motcua.core.ratelimit import client_ip, ip_bucket, rate_limited


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    # 10 s into a minute, so a 60 s window has 50 s left.
    clock = Clock(1_800_000_010.0)
    monkeypatch.setattr(ratelimit, "_now", clock)
    return clock


def request_from(remote: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_socket_address_counts_whatever_the_header_says(
    settings: Any,
) -> None:
    settings.MOTCUA_NUM_PROXIES = 0
    assert client_ip(request_from("198.51.100.4")) == "198.51.100.4"
    assert client_ip(request_from("198.51.100.4", "203.0.113.9")) == "198.51.100.4"


def test_behind_one_proxy_the_right_most_forwarded_address_counts(settings: Any) -> None:
    settings.MOTCUA_NUM_PROXIES = 1
    request = request_from("10.0.0.1", "1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_behind_two_proxies_the_second_address_from_the_right_counts(settings: Any) -> None:
    settings.MOTCUA_NUM_PROXIES = 2
    request = request_from("10.0.0.1", "1.2.3.4, 203.0.113.9 , 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", "203.0.113.9", "not-an-ip, 10.0.0.2"])
def test_a_header_that_does_not_fit_the_proxies_falls_back_to_the_socket(
    settings: Any, forwarded: str | None
) -> None:
    settings.MOTCUA_NUM_PROXIES = 2
    assert client_ip(request_from("10.0.0.1", forwarded)) == "10.0.0.1"


def test_ipv6_addresses_count_per_64_network() -> None:
    assert ip_bucket("2001:db8:1:2:aaaa::1") == ip_bucket("2001:db8:1:2:bbbb::2")
    assert ip_bucket("2001:db8:1:2::1") != ip_bucket("2001:db8:1:3::1")
    assert ip_bucket("198.51.100.4") == "198.51.100.4"


def test_the_hit_after_the_limit_is_refused(clock: Clock) -> None:
    assert not any(rate_limited(key="k", limit=3, window_seconds=60) for _ in range(3))
    assert rate_limited(key="k", limit=3, window_seconds=60)


def test_keys_are_counted_apart(clock: Clock) -> None:
    for _ in range(4):
        rate_limited(key="a", limit=3, window_seconds=60)
    assert not rate_limited(key="b", limit=3, window_seconds=60)


def test_the_next_window_starts_afresh(clock: Clock) -> None:
    for _ in range(4):
        rate_limited(key="k", limit=3, window_seconds=60)
    clock.now += 49  # still the same minute
    assert rate_limited(key="k", limit=3, window_seconds=60)
    clock.now += 2  # the next minute
    assert not rate_limited(key="k", limit=3, window_seconds=60)


class EvictingCache:
    """A cache whose counter vanishes between add() and incr(), as under memory pressure."""

    def __init__(self) -> None:
        self.adds = 0

    def add(self, key: str, value: int, timeout: int) -> bool:
        self.adds += 1
        return self.adds > 1  # the first add() finds the key; it is gone by incr()

    def incr(self, key: str) -> int:
        raise ValueError(f"Key '{key}' not found")


def test_a_counter_evicted_between_add_and_incr_starts_again(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    evicting = EvictingCache()
    monkeypatch.setattr(ratelimit, "cache", evicting)
    assert not rate_limited(key="k", limit=3, window_seconds=60)
    assert evicting.adds == 2
