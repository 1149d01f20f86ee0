"""Rate limits that protect citizens without locking them out (issue 16, point 1)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cases.models import Case
from tests.factories import post_form, start_production, valid_data


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_eleven_citizens_behind_the_proxy_each_get_their_submission_accepted(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(11):
        response = post_form(
            client,
            "vraag",
            valid_data("vraag"),
            REMOTE_ADDR="10.0.0.2",  # the reverse proxy
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}",
        )
        assert response.status_code == 302, n
    assert Case.objects.count() == 11


@pytest.mark.django_db
def test_a_forwarded_address_is_only_believed_from_the_trusted_proxy_hops(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOKET_SUBMIT_RATE_LIMIT = 2
    # A client that puts its own addresses in front cannot get a fresh counter: the proxy
    # appends the real address last, and that is the one counted.
    for n in range(2):
        response = post_form(
            client,
            "vraag",
            valid_data("vraag"),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7",
        )
        assert response.status_code == 302
    response = post_form(
        client,
        "vraag",
        valid_data("vraag"),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7",
    )
    assert response.status_code == 429
    # Garbage in the header falls back to the proxy's address instead of a 500.
    response = post_form(
        client, "vraag", {}, REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="<script>"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_ipv6_clients_are_counted_per_64(client, settings):
    settings.LOKET_SUBMIT_RATE_LIMIT = 3
    for n in range(3):
        response = post_form(
            client, "vraag", valid_data("vraag"), REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"
        )
        assert response.status_code == 302
    # A new address in the same /64 is the same household: refused.
    response = post_form(
        client, "vraag", valid_data("vraag"), REMOTE_ADDR="2001:db8:1:2:ffff:1:2:3"
    )
    assert response.status_code == 429
    # The next /64 is someone else.
    response = post_form(client, "vraag", valid_data("vraag"), REMOTE_ADDR="2001:db8:1:3::1")
    assert response.status_code == 302
    assert Case.objects.count() == 4


@pytest.mark.django_db
def test_a_cache_that_is_down_still_limits_per_process(client, settings):
    down = {
        "LOCATION": "unix:///tmp/w16a-no-such-redis.sock",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **down},
        "ratelimit": {"BACKEND": "loket.ratelimit_cache.RedisWithLocalFallbackCache", **down},
    }
    settings.LOKET_SUBMIT_RATE_LIMIT = 3
    for _ in range(3):
        assert post_form(client, "vraag", valid_data("vraag")).status_code == 302
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 429
    assert Case.objects.count() == 3


def test_production_refuses_to_start_without_an_explicit_proxy_count():
    result = start_production()
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
    # 0 is allowed, as long as it is said.
    result = start_production(TRUSTED_PROXY_COUNT="0")
    assert result.returncode == 0, result.stderr


def _redis_caches(location: str) -> dict:
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "loket.ratelimit_cache.RedisWithLocalFallbackCache",
            "LOCATION": location,
            "OPTIONS": options,
            "KEY_PREFIX": "w16a-test",
        },
    }


@pytest.mark.django_db
def test_the_limits_count_in_a_real_redis_and_survive_it_going_away(client, settings, redis_url):
    """Against a real Redis: the counters are shared (a second cache object, as in a second web
    process, sees them); with Redis gone the process keeps limiting, and does not pay a connect
    timeout per request."""
    import time

    from django.core.cache import caches

    from loket import ratelimit

    location = redis_url.replace("redis+socket://", "unix://")
    settings.CACHES = _redis_caches(location)
    settings.LOKET_SUBMIT_RATE_LIMIT = 2
    caches["ratelimit"].clear()
    ip = {"REMOTE_ADDR": "192.0.2.77"}
    assert post_form(client, "vraag", valid_data("vraag"), **ip).status_code == 302
    assert post_form(client, "vraag", valid_data("vraag"), **ip).status_code == 302
    # A fresh cache object (another process) reads the same counter from Redis.
    settings.CACHES = _redis_caches(location)
    assert post_form(client, "vraag", valid_data("vraag"), **ip).status_code == 429

    # Redis goes away (a socket nobody listens on): still limited, in this process.
    settings.CACHES = _redis_caches("unix:///tmp/w16a-gone-redis.sock")
    started = time.monotonic()
    for n in range(20):
        hit = ratelimit.hit(ratelimit.TRACKING_MISSES, _request("192.0.2.78"))
        assert hit is (n < 10)
    elapsed = time.monotonic() - started
    # One failed connect (at most the 0.5 s timeout), then memory only.
    assert elapsed < 1.5, elapsed
    caches["ratelimit"].clear()


def _request(address: str):
    from django.test import RequestFactory

    return RequestFactory().get("/", REMOTE_ADDR=address)


@pytest.mark.django_db
def test_our_counters_are_the_counters_django_ratelimit_keeps(settings, redis_url):
    """`hit` and `exceeded` build the library's own keys: what one counts, the other sees."""
    from django.core.cache import caches
    from django_ratelimit.core import get_usage

    from loket import ratelimit

    settings.CACHES = _redis_caches(redis_url.replace("redis+socket://", "unix://"))
    settings.LOKET_SUBMIT_RATE_LIMIT = 4
    caches["ratelimit"].clear()
    request = _request("192.0.2.90")
    limit = ratelimit.SUBMISSIONS

    def library(increment: bool) -> int:
        usage = get_usage(
            request, group=limit.group, key="ip", rate=limit.rate, increment=increment
        )
        return usage["count"]

    assert all(ratelimit.hit(limit, request) for _ in range(3))
    assert library(increment=False) == 3
    assert library(increment=True) == 4
    assert ratelimit.exceeded(limit, request)
    assert not ratelimit.hit(limit, request)
    assert not ratelimit.exceeded(ratelimit.SUBMISSIONS, _request("192.0.2.91"))
    caches["ratelimit"].clear()


@pytest.mark.django_db
def test_an_accepted_submission_costs_two_round_trips_to_the_counters(client, settings, redis_url):
    """The peek at both budgets is one MGET, the count one pipelined SET NX + INCR (issue 23:
    the library's add-then-get per limit took six)."""
    from django.core.cache import caches
    from redis.connection import AbstractConnection

    settings.CACHES = _redis_caches(redis_url.replace("redis+socket://", "unix://"))
    caches["ratelimit"].clear()
    sent = []
    original = AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    AbstractConnection.send_packed_command = counting
    try:
        response = post_form(client, "vraag", valid_data("vraag"), REMOTE_ADDR="192.0.2.95")
    finally:
        AbstractConnection.send_packed_command = original
    assert response.status_code == 302
    assert len(sent) == 2
    caches["ratelimit"].clear()
