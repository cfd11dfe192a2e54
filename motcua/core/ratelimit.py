"""A small fixed-window rate limit over Django's cache, shared by pages and the API.

The counters live in ``CACHES["default"]``: per process with the default
LocMem cache, shared by every web node with Redis (``MOTCUA_CACHE_URL``).
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# An IPv6 subscriber usually holds a whole /64 and may pick any address in it;
# counting per address would let one client rotate through 2**64 identities.
IPV6_PREFIX = 64


def client_ip(request: HttpRequest) -> str:
    """The address of the client, as far as it can be trusted.

    With ``MOTCUA_NUM_PROXIES = 0`` only the socket's address counts: any
    X-Forwarded-For was written by the client itself. With n proxies in front,
    each appends the address it was reached from, so the n-th entry from the
    right was written by the outermost proxy; everything left of it is the
    client's own words. A header shorter than that, or an entry that is not an
    address, means the proxies are not set up as declared: the socket's
    address is used.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.MOTCUA_NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    if len(forwarded) < proxies:
        return remote
    return _address(forwarded[-proxies]) or remote


def _address(text: str) -> str:
    """``text`` as a normalised IP address, or "" when it is not one."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


def ip_bucket(ip: str) -> str:
    """The identity to count an address under: the IPv4 address, or the IPv6 /64."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def _now() -> float:
    """The clock windows are counted on (a seam for tests)."""
    return time.time()


def rate_limited(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on ``key``; True when it is beyond ``limit`` hits in the current window.

    Windows are aligned to the clock (second 0 of each minute for 60 s), so a
    client may spend up to twice the limit across a boundary: accepted for a
    limiter that needs no lock and one cache round trip in the common case.
    """
    window = int(_now() // window_seconds)
    counter = f"ratelimit:{key}:{window}"
    # add() only writes a missing key, atomically on LocMem and Redis: the first
    # hit of a window creates the counter, every later one increments it.
    # The counter outlives its window by at most window_seconds, then expires.
    if cache.add(counter, 1, timeout=window_seconds):
        return limit < 1
    try:
        hits = cache.incr(counter)
    except ValueError:
        # Evicted between add() and incr(): start the window again.
        cache.add(counter, 1, timeout=window_seconds)
        hits = 1
    return hits > limit
