from django.conf import settings
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


class CalendarChangeStatus(models.TextChoices):
    PENDING = "pending", _("wacht")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")


class CalendarChange(models.Model):
    """A decree day or closing day added or removed: the background job that brings every open
    case and correction task in line with the new calendar reports its progress here."""

    class Kind(models.TextChoices):
        DECREE = "decree", _("gelijkgestelde dag")
        CLOSING = "closing", _("sluitingsdag")

    class Action(models.TextChoices):
        ADDED = "added", _("toegevoegd")
        REMOVED = "removed", _("verwijderd")

    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    action = models.CharField(_("wijziging"), max_length=10, choices=Action.choices)
    date = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CalendarChangeStatus.choices,
        default=CalendarChangeStatus.PENDING,
    )
    processed = models.PositiveIntegerField(_("verwerkt"), default=0)
    changed_cases = models.PositiveIntegerField(_("zaken gewijzigd"), default=0)
    changed_tasks = models.PositiveIntegerField(_("correctieverzoeken gewijzigd"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderwijziging")
        verbose_name_plural = _("kalenderwijzigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d} {self.get_action_display()}"
