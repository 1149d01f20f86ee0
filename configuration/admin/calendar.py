"""Decree and closing days: the difference explained, and the consequences stated before saving."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.admin import (
    ClosingDayAdmin,
    DecreeDayAdmin,
)
from cases.models import (
    CalendarChange,
    ClosingDay,
    DecreeDay,
)
from configuration.calendar import calendar_change_impact


class ConfirmedDayForm(forms.ModelForm):
    """Before a day is saved, the administrator sees what it moves and confirms."""

    kind = ""
    confirmed = forms.BooleanField(
        label=_("Ik heb gezien wat deze wijziging verschuift"),
        required=False,
        help_text=_(
            "Na opslaan worden de termijnen van open zaken en correctietaken op de achtergrond "
            "opnieuw berekend."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if day is None or self.errors:
            return cleaned
        if not self.instance.pk or "date" in self.changed_data:
            impact = calendar_change_impact(kind=self.kind, day=day, adding=True)
            self.impact = impact
            # Nothing moves: nothing to confirm (the change is still recorded).
            if (impact.cases or impact.tasks) and not cleaned.get("confirmed"):
                raise ValidationError(
                    _(
                        "Deze dag verschuift de termijn van %(cases)s open zaken en "
                        "%(tasks)s correctietaken; %(told)s inwoners krijgen daarover bericht. "
                        "Vink ‘Ik heb gezien wat deze wijziging verschuift’ aan en sla "
                        "opnieuw op."
                    )
                    % {
                        "cases": impact.cases,
                        "tasks": impact.tasks,
                        "told": impact.citizens_told,
                    }
                )
        return cleaned


class ConfirmedDecreeDayForm(ConfirmedDayForm):
    kind = CalendarChange.Kind.DECREE

    class Meta:
        model = DecreeDay
        fields = ["date", "decree"]


class ConfirmedClosingDayForm(ConfirmedDayForm):
    kind = CalendarChange.Kind.CLOSING

    class Meta:
        model = ClosingDay
        fields = ["date", "reason"]


admin.site.unregister(DecreeDay)
admin.site.unregister(ClosingDay)


@admin.register(DecreeDay)
class ConfirmedDecreeDayAdmin(DecreeDayAdmin):
    form = ConfirmedDecreeDayForm
    fieldsets = [
        (
            None,
            {
                "fields": ["date", "decree", "confirmed"],
                "description": _(
                    "Een gelijkgestelde dag is bij Koninklijk Besluit gelijkgesteld aan een "
                    "feestdag (Algemene termijnenwet). Hij verschuift de wettelijke termijnen "
                    "én de servicenormen van de gemeente."
                ),
            },
        )
    ]


@admin.register(ClosingDay)
class ConfirmedClosingDayAdmin(ClosingDayAdmin):
    form = ConfirmedClosingDayForm
    fieldsets = [
        (
            None,
            {
                "fields": ["date", "reason", "confirmed"],
                "description": _(
                    "Een sluitingsdag is een dag waarop de gemeente dicht is. Hij verschuift "
                    "alleen de servicenormen van de gemeente, nooit een wettelijke termijn: "
                    "voor de wet is het een gewone werkdag."
                ),
            },
        )
    ]


# --- Finding cases --------------------------------------------------------------------------
