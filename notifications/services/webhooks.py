"""Writing webhook deliveries. Callers are inside their own transaction; posting happens after
commit, in the worker (`notifications.tasks_webhooks`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from config.dispatch import delay_after_commit
from notifications.models import NotificationStatus, WebhookDelivery, WebhookEndpoint
from notifications.tasks_webhooks import deliver_webhook


def webhook_event_enqueue(
    *,
    subscribers: Iterable[str],
    event: str,
    payload: dict[str, Any],
    idempotency_key: str,
) -> list[WebhookDelivery]:
    """One delivery row per active endpoint of `subscribers` that wants `event`, in the caller's
    transaction, each posted after commit.

    Guarantees: the same idempotency key writes each endpoint's row once; nothing leaves before
    the caller commits (a rolled-back change sends nothing); a broker that is down loses
    nothing (the row stays pending for `sweep_webhooks`). One query when nobody subscribed."""
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(subscriber__in=set(subscribers), is_active=True)
        if e.wants(event)
    ]
    deliveries = []
    for endpoint in endpoints:
        key = f"{idempotency_key}:ep{endpoint.pk}"
        body = {"event": event, "occurred_at": timezone.now().isoformat(), "data": payload}
        with transaction.atomic():
            delivery, created = WebhookDelivery.objects.get_or_create(
                idempotency_key=key,
                defaults={
                    "endpoint": endpoint,
                    "event": event,
                    "payload": body,
                    "next_attempt_at": timezone.now(),
                },
            )
        if created:
            delay_after_commit(deliver_webhook, delivery.pk)
        deliveries.append(delivery)
    return deliveries


def webhook_delivery_resend(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (the admin's resend action), with the same delivery id: a receiver
    that did process it the first time recognises it and skips it."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).exclude(
            status=NotificationStatus.SENDING
        ).update(
            status=NotificationStatus.PENDING,
            next_attempt_at=timezone.now(),
            attempts=0,
            last_error="",
        )
        delay_after_commit(deliver_webhook, delivery.pk)
    delivery.refresh_from_db()
    return delivery
