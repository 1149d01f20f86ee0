"""Organisations and teams: no two teams of one name within an organisation."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.admin import (
    OrganisationAdmin,
    TeamAdmin,
    TeamInline,
)
from cases.models import (
    Organisation,
    Team,
)

DUPLICATE_TEAM = _("Deze organisatie heeft al een team met deze naam.")


class UniqueTeamNameForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["organisation", "name", "code", "email", "is_fallback"]

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        if name and organisation is not None and organisation.pk:
            clash = Team.objects.filter(organisation=organisation, name__iexact=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError({"name": DUPLICATE_TEAM})
        return cleaned


class UniqueTeamNameFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            name = (form.cleaned_data.get("name") or "").strip().lower()
            if name in seen:
                raise ValidationError(DUPLICATE_TEAM)
            seen.add(name)


class UniqueTeamInline(TeamInline):
    form = UniqueTeamNameForm
    formset = UniqueTeamNameFormSet


admin.site.unregister(Organisation)
admin.site.unregister(Team)


@admin.register(Organisation)
class UniqueTeamsOrganisationAdmin(OrganisationAdmin):
    inlines = [UniqueTeamInline]


@admin.register(Team)
class UniqueTeamAdmin(TeamAdmin):
    form = UniqueTeamNameForm
