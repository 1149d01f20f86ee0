"""Notice texts edited in the admin (issue 22). Append-only: every save is a new version of one
notice in one language; the newest version is the one in force. A version marked `is_standard`
means "back to the standard text" (the files under templates/notifications/)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeTextLanguage(models.TextChoices):
    NL = "nl", _("Nederlands")
    EN = "en", _("Engels")


class NoticeText(models.Model):
    template_key = models.CharField(_("bericht"), max_length=80)
    language = models.CharField(
        _("taal"), max_length=5, choices=NoticeTextLanguage.choices, default="nl"
    )
    subject = models.CharField(_("onderwerp"), max_length=300, blank=True)
    text = models.TextField(
        _("tekst"),
        blank=True,
        help_text=_(
            "De tekst van het bericht. Gegevens van de zaak schrijft u als {{ case_number }}; "
            "de lijst van gegevens die dit bericht kent, staat hieronder."
        ),
    )
    html = models.TextField(
        _("HTML"),
        blank=True,
        help_text=_("Leeg: de HTML-versie wordt uit de tekst gemaakt."),
    )
    is_standard = models.BooleanField(
        _("standaardtekst"),
        default=False,
        help_text=_("Deze versie zet het bericht terug naar de standaardtekst."),
    )
    created_at = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeslagen door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("berichttekst")
        verbose_name_plural = _("berichtteksten")
        ordering = ["template_key", "language", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["template_key", "language", "-id"], name="notice_text_current_idx")
        ]

    def __str__(self) -> str:
        return f"{self.template_key} ({self.language}) #{self.pk}"
