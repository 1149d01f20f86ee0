"""The Redis cache builds its redis-py client once per process (config.cache, issue 23)."""

from __future__ import annotations

import os

from config.cache import PooledRedisCache


def _cache(redis_url: str) -> PooledRedisCache:
    location = redis_url.replace("redis+socket://", "unix://")
    return PooledRedisCache(
        location,
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}, "KEY_PREFIX": "x23e"},
    )


def test_every_call_uses_the_same_client_and_reaches_redis(redis_url):
    cache = _cache(redis_url)
    cache.delete("counter")
    client = cache._cache.get_client()
    assert cache.add("counter", 1, 60)
    assert cache.incr("counter") == 2
    assert cache.get("counter") == 2
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client
    # Another cache object (another process) reads what this one wrote.
    assert _cache(redis_url).get("counter") == 2
    cache.delete("counter")


def test_a_forked_worker_gets_connections_of_its_own(redis_url):
    """gunicorn --preload forks the workers from a master that may have used the cache: the
    shared client's pool notices the new process and connects anew instead of sharing sockets."""
    cache = _cache(redis_url)
    cache.set("forked", 10, 60)
    assert cache.get("forked") == 10  # the parent holds an open connection now
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only when its counting reached Redis correctly
        ok = False
        try:
            ok = cache.incr("forked") == 11 and cache.get("forked") == 11
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache.incr("forked") == 12  # and the parent's connection still works
    cache.delete("forked")
