"""Posting webhook deliveries: claimed by a conditional update (pending -> sending), signed,
retried with backoff, re-dispatched by a periodic sweep. Same rules as the notice outbox."""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from notifications.models import NotificationStatus, WebhookDelivery
from notifications.models.webhooks import validate_webhook_url
from notifications.signing import webhook_body, webhook_signature

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10


def _backoff(attempts: int) -> timedelta:
    base = settings.WEBHOOK_BACKOFF_BASE_SECONDS
    return timedelta(seconds=min(3600, base * 2 ** (attempts - 1)))


def _post(delivery: WebhookDelivery) -> int:
    endpoint = delivery.endpoint
    validate_webhook_url(endpoint.url)
    body = webhook_body(delivery)
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (scheme checked above: https, or loopback)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "LoketDigitaleZaken-Webhooks/1",
            "Loket-Webhook-Id": str(delivery.delivery_id),
            "Loket-Webhook-Event": delivery.event,
            "Loket-Webhook-Timestamp": str(timestamp),
            "Loket-Webhook-Signature": webhook_signature(
                secret=endpoint.secret, timestamp=timestamp, body=body
            ),
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.status


@shared_task(name="notifications.tasks_webhooks.deliver_webhook", acks_late=True)
def deliver_webhook(delivery_id: int) -> str:
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=delivery_id,
        status=NotificationStatus.PENDING,
    ).update(status=NotificationStatus.SENDING, claimed_at=now)
    if claimed != 1:
        return "not-claimed"
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    status_code = None
    try:
        status_code = _post(delivery)
    except urllib.error.HTTPError as exc:
        status_code = exc.code
        error = f"HTTP {exc.code}"
    except (OSError, ValidationError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    else:
        error = "" if 200 <= status_code < 300 else f"HTTP {status_code}"
    attempts = delivery.attempts + 1
    if not error:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=NotificationStatus.SENT,
            delivered_at=timezone.now(),
            attempts=attempts,
            response_status=status_code,
            last_error="",
        )
        return "sent"
    failed = attempts >= MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=NotificationStatus.FAILED if failed else NotificationStatus.PENDING,
        attempts=attempts,
        response_status=status_code,
        last_error=error[:2000],
        next_attempt_at=None if failed else timezone.now() + _backoff(attempts),
    )
    if failed:
        logger.warning("Webhook delivery %s failed permanently: %s", delivery_id, error[:200])
    return "failed" if failed else "retry"


@shared_task(name="notifications.tasks_webhooks.sweep_webhooks", acks_late=True)
def sweep_webhooks(limit: int = 5000) -> int:
    """Dispatch deliveries whose retry time has come, and rows stuck in sending (worker died:
    the one case where a receiver may get a delivery id twice, which is why it has one)."""
    now = timezone.now()
    stuck_after = timedelta(seconds=settings.NOTIFICATION_STUCK_SECONDS)
    WebhookDelivery.objects.filter(
        status=NotificationStatus.SENDING, claimed_at__lt=now - stuck_after
    ).update(status=NotificationStatus.PENDING, next_attempt_at=now)
    due = list(
        WebhookDelivery.objects.filter(
            status=NotificationStatus.PENDING,
            next_attempt_at__lte=now - timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS),
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        deliver_webhook.delay(pk)
    return len(due)
