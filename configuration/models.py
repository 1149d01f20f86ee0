"""Configuration the functional administrator owns (issue 22). Kept out of `cases` so the domain
models stay as they are; the public form and the front desk read these."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    TEXT = "text", _("korte tekst")
    LONG_TEXT = "long_text", _("lange tekst")
    DATE = "date", _("datum")
    CHOICE = "choice", _("keuze uit een lijst")
    YES_NO = "yes_no", _("ja/nee")


class CaseTypeQuestion(models.Model):
    """One extra question on a case type's public form, after the common subject and
    description. The answer is written into the case's description, one line per question, so
    every page that shows a case shows it without a change."""

    case_type = models.ForeignKey(
        "cases.CaseType",
        verbose_name=_("zaaktype"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    ordering = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    label_nl = models.CharField(_("vraag (Nederlands)"), max_length=200)
    label_en = models.CharField(_("vraag (Engels)"), max_length=200, blank=True)
    help_nl = models.CharField(_("uitleg (Nederlands)"), max_length=300, blank=True)
    help_en = models.CharField(_("uitleg (Engels)"), max_length=300, blank=True)
    kind = models.CharField(
        _("soort antwoord"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices_nl = models.TextField(
        _("keuzes (Nederlands)"),
        blank=True,
        help_text=_("Alleen bij ‘keuze uit een lijst’: één keuze per regel."),
    )
    choices_en = models.TextField(
        _("keuzes (Engels)"),
        blank=True,
        help_text=_("Dezelfde keuzes in dezelfde volgorde, in het Engels. Leeg: de Nederlandse."),
    )
    required = models.BooleanField(_("verplicht"), default=False)

    class Meta:
        verbose_name = _("extra vraag")
        verbose_name_plural = _("extra vragen")
        ordering = ["case_type", "ordering", "pk"]

    def __str__(self) -> str:
        return self.label_nl

    def _english(self) -> bool:
        return (translation.get_language() or "nl").startswith("en")

    @property
    def label(self) -> str:
        return (self.label_en if self._english() and self.label_en else self.label_nl).strip()

    @property
    def help(self) -> str:
        return (self.help_en if self._english() and self.help_en else self.help_nl).strip()

    def choice_list(self) -> list[tuple[str, str]]:
        """(stored value, shown label): the Dutch text is stored, whatever language was shown."""
        dutch = [line.strip() for line in self.choices_nl.splitlines() if line.strip()]
        english = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        shown = english if self._english() and len(english) == len(dutch) else dutch
        return list(zip(dutch, shown, strict=True))


class CounterSettings(models.Model):
    """One row: the front desk's settings. The default case type is chosen here explicitly, so a
    newly added type never becomes the pre-selected one by sorting first."""

    default_case_type = models.ForeignKey(
        "cases.CaseType",
        verbose_name=_("standaard zaaktype aan de balie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Dit zaaktype staat aan de balie vooraf gekozen. Leeg: de vraag (code ‘question’)."
        ),
    )

    class Meta:
        verbose_name = _("instellingen balie")
        verbose_name_plural = _("instellingen balie")

    def __str__(self) -> str:
        return str(_("Instellingen balie"))
