"""Incoming e-mail, stored raw before anything else happens to it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    PROCESSING = "processing", _("wordt verwerkt")
    DONE = "done", _("verwerkt")
    IGNORED = "ignored", _("genegeerd")
    QUEUED = "queued", _("wacht op de balie")
    DISCARDED = "discarded", _("weggegooid")


class InboundOutcome(models.TextChoices):
    NONE = "", _("nog niet")
    NEW_CASE = "new_case", _("nieuwe zaak")
    REPLY = "reply", _("reactie op zaak")
    BOUNCE = "bounce", _("onbestelbaar bericht")
    AUTO_REPLY = "auto_reply", _("automatisch antwoord of bulkmail")


class QueueReason(models.TextChoices):
    NONE = "", _("geen")
    SPAM = "spam", _("als spam gemarkeerd")
    LIMIT = "limit", _("meer dan het dagmaximum van deze afzender")
    NO_SENDER = "no_sender", _("geen bruikbaar afzenderadres")
    UNMATCHED = "unmatched", _("lijkt een reactie, maar past bij geen zaak")
    CASE_CLOSED = "case_closed", _("reactie op een afgeronde zaak")
    ERROR = "error", _("kon niet automatisch worden verwerkt")


class InboundMessage(models.Model):
    """One received message. The raw bytes are written first, in their own transaction, so
    nothing is lost when processing fails; processing is idempotent by Message-ID."""

    message_id = models.CharField(_("Message-ID"), max_length=300, unique=True)
    source = models.CharField(_("bron"), max_length=10, default="smtp")
    envelope_sender = models.CharField(_("envelop-afzender"), max_length=320, blank=True)
    envelope_recipients = models.TextField(_("envelop-ontvangers"), blank=True)
    raw = models.BinaryField(_("origineel bericht"))
    size = models.PositiveIntegerField(_("grootte"), default=0)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InboundStatus.choices,
        default=InboundStatus.RECEIVED,
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=12, choices=InboundOutcome.choices, blank=True
    )
    queue_reason = models.CharField(
        _("reden wachtrij"), max_length=12, choices=QueueReason.choices, blank=True
    )
    sender = models.CharField(_("afzender"), max_length=320, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    # What staff read: the new text only (quoted history and signature stripped), never HTML.
    text = models.TextField(_("tekst"), blank=True)
    attachment_note = models.CharField(_("bijlagen"), max_length=500, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("zaak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    claimed_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    processed_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        verbose_name = _("inkomend bericht")
        verbose_name_plural = _("inkomende berichten")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="inbox_status_idx"),
            # The per-sender daily limit counts cases made from one address.
            models.Index(fields=["sender", "outcome", "processed_at"], name="inbox_sender_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.get_status_display()})"


class InboundAction(models.Model):
    """Append-only log of what staff did with queued mail, and who opened an original."""

    class Kind(models.TextChoices):
        ATTACHED = "attached", _("bij zaak gevoegd")
        NEW_CASE = "new_case", _("nieuwe zaak gemaakt")
        DISCARDED = "discarded", _("weggegooid")
        VIEWED_ORIGINAL = "viewed", _("origineel bekeken")

    message = models.ForeignKey(InboundMessage, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("handeling"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("handeling op inkomend bericht")
        verbose_name_plural = _("handelingen op inkomende berichten")
        ordering = ["-at", "-id"]
