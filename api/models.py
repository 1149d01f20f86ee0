"""API tokens: one per connected system of an organisation, shown once, stored as a hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Organisation


class TokenScope(models.TextChoices):
    # A partner's (or department's) system works the correction tasks routed to it.
    PARTNER_TASKS = "partner_tasks", _("correctieverzoeken (ketenpartner)")
    # The municipality's own integrations read cases (no free text).
    MUNICIPALITY_CASES = "municipality_cases", _("zaken (gemeentelijke koppeling)")


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("naam"), max_length=100, help_text=_("Het systeem dat dit token gebruikt.")
    )
    scope = models.CharField(_("bereik"), max_length=30, choices=TokenScope.choices)
    # The first characters, to recognise a token in logs and in the admin; never the whole.
    prefix = models.CharField(_("begin van het token"), max_length=16, editable=False)
    # SHA-256 of the whole token. Tokens are 256 random bits, so a fast hash is enough: there is
    # nothing to guess that a slow password hash would protect.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("verloopt op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    # The access log (cases.PersonalDataAccess) names a user: each token has its own, which
    # cannot sign in and carries the token's name, so the log says which system looked.
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_token",
        editable=False,
    )

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
