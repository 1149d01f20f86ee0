"""Who looked at a citizen's personal data: one row per view (AVG art. 5(2) accountability,
art. 32: logging of access to personal data, as the BIO asks of municipalities)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case


class PersonalDataAccess(models.Model):
    """Append-only. Written by `cases.services.privacy.personal_data_access_record`; the fields
    shown are listed by name, never by value, so the log itself holds no personal data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The case row may be removed when its retention period ends; the log keeps the number.
    case = models.ForeignKey(
        Case,
        verbose_name=_("zaak"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="personal_data_accesses",
    )
    case_number = models.CharField(_("zaaknummer"), max_length=20)
    view = models.CharField(_("scherm"), max_length=40)
    fields = models.JSONField(_("getoonde gegevens"), default=list)
    accessed_at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("inzage persoonsgegevens")
        verbose_name_plural = _("inzages persoonsgegevens")
        ordering = ["-accessed_at", "-id"]
        indexes = [
            models.Index(fields=["case", "accessed_at"], name="pda_case_time_idx"),
            models.Index(fields=["user", "accessed_at"], name="pda_user_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.view} {self.accessed_at:%Y-%m-%d %H:%M}"
