"""A council report (.docx) built in the background: which period, who asked, where it stands,
and the file once it is ready (DESIGN.md §6, Reports). Lives in its own app since issue 20."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.organisations import Organisation


class CouncilReportStatus(models.TextChoices):
    PENDING = "pending", _("in de wachtrij")
    RUNNING = "running", _("wordt gemaakt")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


def council_report_path(instance, filename: str) -> str:
    # A random name: the file is only ever streamed by a view that checks the role, never
    # served from a guessable URL.
    return f"council-reports/{uuid.uuid4().hex}.docx"


class CouncilReport(models.Model):
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: de hele gemeente en alle ketenpartners."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CouncilReportStatus.choices,
        default=CouncilReportStatus.PENDING,
    )
    file = models.FileField(_("bestand"), upload_to=council_report_path, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    # A short technical reason (the exception's class), never data from a case.
    error = models.CharField(_("foutmelding"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        # The table kept its name from when the model lived in `cases` (moved with
        # SeparateDatabaseAndState, no data copied).
        db_table = "cases_councilreport"
        verbose_name = _("raadsrapportage")
        verbose_name_plural = _("raadsrapportages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    @property
    def download_name(self) -> str:
        suffix = f"-{self.organisation.code}" if self.organisation_id else ""
        return f"raadsrapportage-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}{suffix}.docx"
