"""Rate limits per client on the public pages, counted by django-ratelimit.

Who "the client" is: the address the trusted reverse proxy saw (`TRUSTED_PROXY_COUNT`, which
production must set explicitly), with IPv6 counted per /64 (`RATELIMIT_IPV6_MASK`): one home or
phone gets a /64, so counting single IPv6 addresses would let one client rotate freely.

What is counted, and why (issue 16):
- an accepted submission counts against `LOKET_SUBMIT_RATE_LIMIT` per 10 minutes;
- a submission that fails validation counts a tenth of that (its own, ten times larger budget),
  so a citizen's typing errors never lock them out;
- a tracking link that finds no case counts as a miss; a client with too many misses gets the
  wait page for further misses, but a valid link always opens (its 192-bit token is what keeps
  guessers out, the miss limit only slows scanners down).

The counters live in the `ratelimit` cache (Redis). When Redis is down the counters fall back to
the memory of this process (`loket.ratelimit_cache`), so the limits still hold per process
instead of failing open. Cache keys are HMACs with the secret key: Redis holds no addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit import core as ratelimit_core

from loket.ratelimit_cache import add_then_incr


@dataclass(frozen=True)
class Limit:
    group: str
    count: int
    seconds: int
    # A setting (or, failing that, an environment variable) that overrides `count`.
    setting: str = ""
    # The budget is `factor` times the count: an event that "counts a tenth" gets ten times the
    # budget of its own.
    factor: int = 1

    @property
    def max_count(self) -> int:
        value = None
        if self.setting:
            value = getattr(settings, self.setting, None)
            if value is None:
                # Read at request time, so a benchmark or a deployment can raise it without a
                # settings change; the settings module may define it too (that wins).
                value = os.environ.get(self.setting)
        return int(value or self.count) * self.factor

    @property
    def rate(self) -> tuple[int, int]:
        return (self.max_count, self.seconds)


SUBMISSIONS = Limit("loket.submit", count=10, seconds=600, setting="LOKET_SUBMIT_RATE_LIMIT")
INVALID_SUBMISSIONS = Limit(
    "loket.submit-invalid", count=10, seconds=600, setting="LOKET_SUBMIT_RATE_LIMIT", factor=10
)
TRACKING_MISSES = Limit("loket.track-miss", count=10, seconds=600)


def client_address(request) -> str:
    """REMOTE_ADDR, or the address the last trusted proxy put in X-Forwarded-For.

    django-ratelimit reads this through RATELIMIT_IP_META_KEY and masks it (IPv6 per /64).
    Anything that is not an IP address falls back to REMOTE_ADDR, so a forged header cannot
    break the view or pick a key of its own."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    address = remote
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        try:
            ip = ipaddress.ip_address(remote)
        except ValueError:
            return "0.0.0.0"
    # An IPv4 client seen through an IPv6 socket (::ffff:192.0.2.1) is an IPv4 client, not a
    # member of the one /64 that all such addresses share.
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return str(ip)


def client_network(request) -> str:
    """The client as the sign-in lockout (AXES_CLIENT_IP_CALLABLE) counts it: like the rate
    limits, an IPv6 client is its /64, so rotating addresses within it does not reset the
    count."""
    address = ipaddress.ip_address(client_address(request))
    if address.version == 6:
        mask = getattr(settings, "RATELIMIT_IPV6_MASK", 64)
        return str(ipaddress.ip_network(f"{address}/{mask}", strict=False).network_address)
    return str(address)


class KeyedHash:
    """RATELIMIT_HASH_ALGORITHM: an HMAC with the secret key instead of a bare SHA-256, so the
    cache keys do not give away the (easily enumerated) client addresses."""

    def __init__(self, data: bytes):
        self._mac = hmac.new(settings.SECRET_KEY.encode(), data, hashlib.sha256)

    def hexdigest(self) -> str:
        return self._mac.hexdigest()


def _enabled() -> bool:
    return getattr(settings, "RATELIMIT_ENABLE", True)


def _cache():
    return caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]


def _key(limit: Limit, request) -> str:
    """django-ratelimit's cache key for this limit and client: its client address (masked, see
    `client_address`), its window with per-client jitter and its keyed hash. Built with the
    library's own functions, so these counters are the ones `django_ratelimit.core.get_usage`
    and its decorator would count; ours only spend fewer round trips on them (issue 23)."""
    value = ratelimit_core._SIMPLE_KEYS["ip"](request)
    window = ratelimit_core._get_window(value, limit.seconds)
    return ratelimit_core._make_cache_key(limit.group, window, limit.rate, value, ALL)


def hit(limit: Limit, request) -> bool:
    """Count one event (one round trip); True while the client is within the limit."""
    if not _enabled():
        return True
    timeout = limit.seconds + ratelimit_core.EXPIRATION_FUDGE
    return _count(_cache(), _key(limit, request), timeout) <= limit.max_count


def _count(cache, key: str, timeout: int) -> int:
    """Add one to a counter made with a lifetime of `timeout`: our Redis cache does it in one
    round trip (`RedisWithLocalFallbackCache.count`); any other Django cache as the library does,
    an add and an increment."""
    if hasattr(cache, "count"):
        return cache.count(key, timeout)
    return add_then_incr(cache, key, timeout)


def exceeded_any(limits: tuple[Limit, ...], request) -> bool:
    """Peek without counting (all limits in one round trip): True when the client has used up
    the budget of any of them."""
    if not _enabled():
        return False
    keys = {_key(limit, request): limit for limit in limits}
    counts = _cache().get_many(list(keys))
    return any(counts.get(key, 0) >= limit.max_count for key, limit in keys.items())


def exceeded(limit: Limit, request) -> bool:
    """Peek without counting: True when the client has used up the budget."""
    return exceeded_any((limit,), request)


def limited_response(request, limit: Limit):
    minutes = max(1, limit.seconds // 60)
    response = render(request, "loket/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(limit.seconds)
    return response


def rate_limited(limit: Limit, methods: tuple[str, ...] = ("POST",)):
    """View decorator: counts requests with the given methods; over the limit, a clear page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and not hit(limit, request):
                return limited_response(request, limit)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
