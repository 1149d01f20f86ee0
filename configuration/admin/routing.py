"""Routing rules that explain themselves: first match wins, shadowed rules, the which-team
tester."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cases.admin import (
    RoutingRuleAdmin,
)
from cases.models import (
    CaseType,
    Channel,
    RoutingRule,
    System,
)
from cases.services.intake import route
from configuration.routing import routing_rules_in_order, shadowing_rules


class WhichTeamForm(forms.Form):
    case_type = forms.ModelChoiceField(label=_("zaaktype"), queryset=CaseType.objects.all())
    channel = forms.ChoiceField(label=_("kanaal"), choices=Channel.choices)
    source_system = forms.ModelChoiceField(
        label=_("bronsysteem (ketenfout)"), queryset=System.objects.all(), required=False
    )


admin.site.unregister(RoutingRule)


@admin.register(RoutingRule)
class ExplainedRoutingRuleAdmin(RoutingRuleAdmin):
    change_list_template = "admin/cases/routingrule/change_list.html"
    list_filter = ["is_active", "case_type", "channel", "team__organisation", "team"]
    search_fields = ["team__name", "case_type__name", "source_system__name"]
    list_select_related = ["case_type", "source_system", "team__organisation"]

    def get_list_display(self, request):
        shadowed = shadowing_rules(list(routing_rules_in_order()))

        @admin.display(description=_("waarschuwing"))
        def warning(obj):
            earlier = shadowed.get(obj.pk)
            if earlier is None:
                return ""
            return _("Past nooit: regel %(position)s (%(rule)s) komt eerst.") % {
                "position": earlier.position,
                "rule": earlier,
            }

        return [*super().get_list_display(request), warning]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        earlier = shadowing_rules(list(routing_rules_in_order())).get(obj.pk)
        if earlier is not None:
            self.message_user(
                request,
                _(
                    "Let op: deze regel past nooit. Regel %(position)s (%(rule)s) staat eerder "
                    "en vangt dezelfde zaken al. Geef deze regel een lagere volgorde of maak "
                    "de eerdere regel specifieker."
                )
                % {"position": earlier.position, "rule": earlier},
                messages.WARNING,
            )

    def get_urls(self):
        return [
            path(
                "welk-team/",
                self.admin_site.admin_view(self.which_team_view),
                name="cases_routingrule_which_team",
            ),
            *super().get_urls(),
        ]

    def which_team_view(self, request):
        """Which team gets a case of this type, through this channel, with this source? Asks
        the intake's own `route()`, so the answer is what intake will do."""
        form = WhichTeamForm(request.GET or None)
        team = None
        answered = False
        if form.is_valid():
            team = route(
                case_type=form.cleaned_data["case_type"],
                channel=form.cleaned_data["channel"],
                source_system=form.cleaned_data["source_system"],
            )
            answered = True
        return TemplateResponse(
            request,
            "admin/cases/routingrule/which_team.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Welk team krijgt deze zaak?"),
                "form": form,
                "team": team,
                "answered": answered,
            },
        )


# --- Decree days and closing days ----------------------------------------------------------------
