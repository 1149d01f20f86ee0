"""The cache behind the rate limits: Redis, and this process's memory while Redis is down.

django-ratelimit fails closed when the cache answers nothing (every citizen refused) and raises
when Django's Redis client raises (a 500 for every citizen). Neither is acceptable for intake, and
failing open (the old behaviour) lets a script submit without limit exactly when Redis is down.
So the counters fall back to a local-memory cache: with N web processes a client gets at most N
times its budget, which still stops a flood. After a failure Redis is left alone for a short
while, so a dead Redis does not cost every request a connect timeout.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

from config.cache import PooledRedisCache

logger = logging.getLogger(__name__)

# Seconds to skip Redis after it failed.
RETRY_AFTER = 30


class RedisWithLocalFallbackCache(PooledRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"ratelimit-fallback-{id(self)}", {"OPTIONS": {}})
        self._down_until = 0.0

    def _call(self, name: str, *args, **kwargs):
        return self._guarded(
            lambda: getattr(super(RedisWithLocalFallbackCache, self), name)(*args, **kwargs),
            lambda: getattr(self._local, name)(*args, **kwargs),
        )

    def _guarded(self, in_redis, in_memory):
        """`in_redis()`, or `in_memory()` while Redis is down (and for a while after it failed)."""
        if time.monotonic() >= self._down_until:
            try:
                return in_redis()
            except (RedisError, OSError):
                self._down_until = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "Rate-limit cache unavailable; counting in this process for %ss", RETRY_AFTER
                )
        return in_memory()

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def count(self, key, timeout: int, version=None) -> int:
        """Add one to the counter `key`, made with a lifetime of `timeout` seconds when it does
        not exist yet; the count after adding. In Redis one round trip (SET NX EX and INCR in a
        pipeline), in this process's memory while Redis is down."""
        return self._guarded(
            lambda: self._redis_count(key, timeout, version),
            lambda: add_then_incr(self._local, key, timeout, version=version),
        )

    def _redis_count(self, key, timeout: int, version) -> int:
        key = self.make_and_validate_key(key, version=version)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipe.set(key, 0, ex=timeout, nx=True)
        pipe.incr(key)
        return pipe.execute()[-1]

    def clear(self):
        self._local.clear()
        return self._call("clear")


def add_then_incr(cache, key: str, timeout: int, *, version=None) -> int:
    """Add one to a counter made with a lifetime of `timeout`, in any Django cache, as
    django-ratelimit counts: an add, else an increment; the count after adding."""
    if cache.add(key, 1, timeout, version=version):
        return 1
    try:
        return cache.incr(key, version=version)
    except ValueError:  # expired between the two calls: this event starts a new count
        cache.add(key, 1, timeout, version=version)
        return 1
