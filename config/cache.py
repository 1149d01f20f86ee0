"""Django's Redis cache with one redis-py client per process instead of one per operation.

`django.core.cache.backends.redis.RedisCacheClient.get_client` builds a new `redis.Redis` for
every cache call; each build fills a dictionary of some 1,200 response callbacks, which cost
more than the round trip itself on the public form (six rate-limit calls per submission, issue
23). The client is thread-safe and holds only the shared connection pool, so it is built once per
pool and reused. The connection pool itself notices a fork (gunicorn's workers) and starts over.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
