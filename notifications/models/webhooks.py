"""Webhooks: endpoints that partners' systems register, and the outbox of deliveries to them.

Like the notice outbox, this knows nothing about cases: an endpoint belongs to an opaque
`subscriber` ("organisation:12"), a delivery carries an event name and a JSON payload. The
domain writes deliveries in its own transaction (`webhook_event_enqueue`); the worker signs and
posts them after commit, claiming each row by a conditional update."""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications.models.outbox import NotificationStatus

WEBHOOK_EVENTS = ("task.requested", "task.verified", "task.returned", "case.withdrawn")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


def validate_webhook_url(url: str) -> None:
    """HTTPS only; plain HTTP to the loopback address only where settings allow it (tests, a
    developer's machine). Checked when the endpoint is saved and again before each delivery."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if (
        parts.scheme == "http"
        and parts.hostname in LOOPBACK_HOSTS
        and getattr(settings, "WEBHOOK_ALLOW_HTTP_LOOPBACK", False)
    ):
        return
    raise ValidationError(_("Een webhook-adres moet met https:// beginnen."), code="https")


class WebhookEndpoint(models.Model):
    subscriber = models.CharField(_("abonnee"), max_length=80, db_index=True)
    name = models.CharField(_("naam"), max_length=200)
    url = models.URLField(_("adres"), max_length=500, validators=[validate_webhook_url])
    # The shared secret both sides use for the HMAC; shown in the admin so it can be handed over.
    secret = models.CharField(_("geheim"), max_length=100, default=new_webhook_secret)
    # Empty: every event.
    events = models.JSONField(_("gebeurtenissen"), default=list, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["subscriber", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("webhook"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("gebeurtenis"), max_length=40)
    # Sent as the Loket-Webhook-Id header: the receiver deduplicates on it.
    delivery_id = models.UUIDField(_("afleverings-id"), default=uuid.uuid4, unique=True)
    idempotency_key = models.CharField(_("idempotentiesleutel"), max_length=200, unique=True)
    payload = models.JSONField(_("inhoud"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("antwoordcode"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-aflevering")
        verbose_name_plural = _("webhook-afleveringen")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="whd_status_next_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.delivery_id} ({self.get_status_display()})"
