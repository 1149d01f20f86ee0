"""Rate limits per client on the public pages, counted in the cache (Redis in production).

Fixed windows: cheap and good enough against a script hammering the forms or guessing tracking
links. The client address is hashed before it becomes a key, and a cache that is down lets the
request through (intake matters more than the limit)."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int
    # A setting (or, failing that, an environment variable) that overrides `count`.
    setting: str = ""

    @property
    def max_count(self) -> int:
        if not self.setting:
            return self.count
        value = getattr(settings, self.setting, None)
        if value is None:
            # Read at request time, so a benchmark or a deployment can raise it without a
            # settings change; the settings module may define it too (that wins).
            value = os.environ.get(self.setting) or self.count
        return int(value)


SUBMISSIONS = Limit("submit", count=10, seconds=600, setting="LOKET_SUBMIT_RATE_LIMIT")
TRACKING = Limit("track", count=60, seconds=600)
TRACKING_MISSES = Limit("track-miss", count=10, seconds=600)


def client_address(request) -> str:
    """REMOTE_ADDR, or the address the trusted proxy put in X-Forwarded-For."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(limit: Limit, request) -> str:
    digest = hashlib.sha256((settings.SECRET_KEY + client_address(request)).encode()).hexdigest()[
        :24
    ]
    window = int(time.time() // limit.seconds)
    return f"rl:{limit.scope}:{digest}:{window}"


def hit(limit: Limit, request) -> bool:
    """Count one hit; True while the client is within the limit."""
    key = _key(limit, request)
    try:
        if cache.add(key, 1, timeout=limit.seconds + 5):
            return True
        return cache.incr(key) <= limit.max_count
    except Exception:
        logger.warning("Rate-limit cache unavailable; request allowed")
        return True


def exceeded(limit: Limit, request) -> bool:
    """Peek without counting."""
    try:
        return (cache.get(_key(limit, request)) or 0) >= limit.max_count
    except Exception:
        return False


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
