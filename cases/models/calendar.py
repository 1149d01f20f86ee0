from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeDay(models.Model):
    """A day declared equal to a public holiday by royal decree (Atw art. 3 lid 3).

    It moves statutory terms and the municipality's service norms alike."""

    date = models.DateField(_("datum"), unique=True)
    decree = models.CharField(
        _("besluit"), max_length=200, help_text=_("Bijvoorbeeld: Besluit gelijkstelling dagen 2026")
    )

    class Meta:
        verbose_name = _("gelijkgestelde dag")
        verbose_name_plural = _("gelijkgestelde dagen")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} ({self.decree})"


class ClosingDay(models.Model):
    """A day the municipality is closed. Counts only for its own service norms, never for a
    statutory term: a closing day that is no Atw holiday is a working day for the law."""

    date = models.DateField(_("datum"), unique=True)
    reason = models.CharField(_("reden"), max_length=200)

    class Meta:
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} ({self.reason})"
