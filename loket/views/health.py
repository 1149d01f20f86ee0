"""Liveness for load balancers and the worker round trip for operators."""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config.dispatch import delay_after_commit
from config.redis import redis_client
from notifications.models import WorkerProbe
from notifications.tasks import complete_probe

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:
        logger.warning("healthz: database unreachable")
        return False


def _broker_ok() -> bool:
    try:
        return bool(redis_client(timeout=1.0).ping())
    except Exception:
        logger.warning("healthz: broker unreachable")
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not down else "unavailable", "down": down}
    body.update({name: ("ok" if ok else "down") for name, ok in checks.items()})
    return JsonResponse(body, status=200 if not down else 503)


@require_POST
def probe_start(request):
    """Start a worker round trip. Staff only: it writes a row, so it needs the CSRF token like
    every other staff POST (a page elsewhere must not be able to make a signed-in browser call
    it)."""
    if not request.user.is_authenticated or not request.user.is_staff:
        raise Http404
    with transaction.atomic():
        probe = WorkerProbe.objects.create()
        delay_after_commit(complete_probe, probe.pk)
    return JsonResponse({"probe": probe.pk}, status=202)


@never_cache
@require_GET
def probe_status(request, probe_id: int):
    if not request.user.is_authenticated or not request.user.is_staff:
        raise Http404
    probe = WorkerProbe.objects.filter(pk=probe_id).first()
    if probe is None:
        raise Http404
    return JsonResponse(
        {
            "probe": probe.pk,
            "done": probe.completed_at is not None,
            "worker": probe.worker_hostname,
        }
    )
