"""A redis-py client for REDIS_URL (Celery spells a unix socket `redis+socket://`)."""

from __future__ import annotations

import redis
from django.conf import settings


def redis_client(url: str | None = None, *, timeout: float = 2.0) -> redis.Redis:
    url = url or settings.REDIS_URL
    if url.startswith("redis+socket://"):
        url = "unix://" + url.removeprefix("redis+socket://")
    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
