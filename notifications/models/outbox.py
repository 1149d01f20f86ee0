"""The outbox: one row per notice. Knows nothing about cases: it holds a recipient, a template key,
a context, an idempotency key and an opaque `reference` (e.g. "case:42") for timelines."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class NoticeChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    IN_APP = "in_app", _("in de applicatie")
    LETTER = "letter", _("brief")


# The name before issue 20 (cases has its own intake `Channel`): kept for code not yet renamed.
Channel = NoticeChannel


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("in de wachtrij")
    SENDING = "sending", _("wordt verzonden")
    SENT = "sent", _("verzonden")
    FAILED = "failed", _("mislukt")
    NOT_SENT = "not_sent", _("niet verzonden")


class Notification(models.Model):
    channel = models.CharField(_("kanaal"), max_length=10, choices=NoticeChannel.choices)
    # E-mail address for e-mail; the postal address block for a letter; empty for in-app.
    recipient = models.CharField(_("ontvanger"), max_length=1000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    template_key = models.CharField(_("sjabloon"), max_length=80)
    language = models.CharField(_("taal"), max_length=5, default="nl")
    context = models.JSONField(_("gegevens"), default=dict, blank=True)
    idempotency_key = models.CharField(_("idempotentiesleutel"), max_length=200, unique=True)
    reference = models.CharField(_("verwijzing"), max_length=80, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    status_reason = models.CharField(_("reden"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at"]
        indexes = [
            # The sweep looks for rows left pending or stuck in sending.
            models.Index(fields=["status", "next_attempt_at"], name="notif_status_next_idx"),
            models.Index(fields=["user", "read_at"], name="notif_user_unread_idx"),
            # The receipt limit per address (cases.selectors.notices.receipts_queued_since):
            # an address's receipts of the last hour, found without reading the hour's others.
            models.Index(
                Upper("recipient"),
                "created_at",
                name="notif_receipt_recipient_idx",
                condition=models.Q(template_key="receipt", channel="email"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_key} ({self.get_status_display()})"
