"""Case types: their own questions and results on the case type's page, and the counter's
default type."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.admin import (
    CaseTypeAdmin,
)
from cases.models import (
    CaseType,
)
from cases.models.case_types import Outcome
from configuration.models import CaseTypeQuestion, CounterSettings, QuestionKind


class CaseTypeQuestionForm(forms.ModelForm):
    class Meta:
        model = CaseTypeQuestion
        fields = [
            "label_nl",
            "label_en",
            "help_nl",
            "help_en",
            "kind",
            "required",
            "ordering",
            "choices_nl",
            "choices_en",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == QuestionKind.CHOICE:
            dutch = [
                line for line in (cleaned.get("choices_nl") or "").splitlines() if line.strip()
            ]
            english = [
                line for line in (cleaned.get("choices_en") or "").splitlines() if line.strip()
            ]
            if len(dutch) < 2:
                raise ValidationError(
                    {"choices_nl": _("Geef minstens twee keuzes, één per regel.")}
                )
            if english and len(english) != len(dutch):
                raise ValidationError(
                    {"choices_en": _("Geef evenveel Engelse als Nederlandse keuzes.")}
                )
        return cleaned


class CaseTypeQuestionInline(admin.StackedInline):
    model = CaseTypeQuestion
    form = CaseTypeQuestionForm
    # Two empty questions on the page: enough for most types without the admin's script.
    extra = 2
    fields = [
        ("label_nl", "label_en"),
        ("help_nl", "help_en"),
        ("kind", "required", "ordering"),
        ("choices_nl", "choices_en"),
    ]


class CaseTypeForm(forms.ModelForm):
    """Results are picked from the list of outcomes the workflow knows, with their labels; a
    type without any could never be resolved."""

    allowed_outcomes = forms.MultipleChoiceField(
        label=_("toegestane resultaten"),
        choices=Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kies minstens één resultaat: daarmee wordt een zaak van dit type afgehandeld."
        ),
        error_messages={"required": _("Kies minstens één resultaat.")},
    )

    class Meta:
        model = CaseType
        # The admin's fieldsets name the rest of the fields.
        fields = ["allowed_outcomes"]


admin.site.unregister(CaseType)


@admin.register(CaseType)
class ConfiguredCaseTypeAdmin(CaseTypeAdmin):
    form = CaseTypeForm
    list_display = [*CaseTypeAdmin.list_display, "identity_required"]
    # Issue 17: the functional administrator decides which types wait for a verified identity.
    fieldsets = [
        *CaseTypeAdmin.fieldsets,
        (_("Identiteit (AVG art. 12 lid 6)"), {"fields": ["identity_required"]}),
    ]
    inlines = [*CaseTypeAdmin.inlines, CaseTypeQuestionInline]


@admin.register(CounterSettings)
class CounterSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "default_case_type"]

    def has_add_permission(self, request):
        # One row: the settings of this loket.
        return not CounterSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


# --- Routing rules -----------------------------------------------------------------------------
