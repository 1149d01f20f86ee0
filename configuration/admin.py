"""The administrator's screens for issue 22: a case type's extra questions and results on the
case type's own page, and the front desk's default type."""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cases.actors import staff_actor
from cases.admin import (
    CaseAdmin,
    CaseTypeAdmin,
    ClosingDayAdmin,
    DataFlowAdmin,
    DecreeDayAdmin,
    OrganisationAdmin,
    RoutingRuleAdmin,
    SystemAdmin,
    TeamAdmin,
    TeamInline,
)
from cases.models import (
    CalendarChange,
    Case,
    CaseType,
    Channel,
    ClosingDay,
    DataFlow,
    DecreeDay,
    Organisation,
    RoutingRule,
    System,
    Team,
)
from cases.models.case_types import Outcome
from cases.services.intake import normalise_phone, route
from configuration.calendar import calendar_change_impact
from configuration.models import CaseTypeQuestion, CounterSettings, QuestionKind
from configuration.register import register_overview
from configuration.routing import routing_rules_in_order, shadowing_rules
from configuration.services import SEARCHED_PERSONAL_FIELDS, admin_case_search_record


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

CASE_NUMBER = re.compile(r"^\s*LDZ-\d{4}-\d+\s*$", re.I)


admin.site.unregister(Case)


@admin.register(Case)
class SearchableCaseAdmin(CaseAdmin):
    """Search by number, and by the citizen's name, e-mail, phone and the subject. The list still
    shows no personal data; a search that is not a case number is logged per case found
    (PersonalDataAccess, view "admin_search"), because finding a person's cases is an access."""

    search_fields = ["number", *SEARCHED_PERSONAL_FIELDS]
    search_help_text = _(
        "Zoek op zaaknummer, naam, e-mailadres, telefoonnummer of onderwerp. Zoeken op iets "
        "anders dan een zaaknummer wordt vastgelegd in het inzagelogboek."
    )

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term or CASE_NUMBER.match(term):
            return results, duplicates
        phone = normalise_phone(term)
        if len(phone) >= 6:  # "06 1234 5678" finds the stored "0612345678"
            results = results | queryset.filter(citizen_phone__contains=phone)
        # The page shows at most list_per_page cases; those are the ones the search disclosed.
        admin_case_search_record(
            actor=staff_actor(request.user), cases=list(results[: self.list_per_page])
        )
        return results, duplicates


# --- Chain register ----------------------------------------------------------------------------


class ExplainedDataFlowForm(forms.ModelForm):
    class Meta:
        model = DataFlow
        fields = ["source", "target", "elements", "legal_basis", "valid_until", "active"]
        help_texts = {
            "legal_basis": _(
                "Op grond waarvan de gegevens worden geleverd, bijvoorbeeld een wetsartikel of "
                "een convenant. Nodig om een correctie te mogen doorgeven (AVG art. 19)."
            ),
            "valid_until": _(
                "De laatste dag dat de afspraak geldt. Daarna levert deze stroom niets meer en "
                "krijgt het ontvangende systeem geen correctie. Leeg: zonder einddatum."
            ),
            "active": _(
                "Uit: de stroom bestaat (nog) niet of is gestopt. Een correctie gaat dan niet "
                "naar het ontvangende systeem."
            ),
            "elements": _("De gegevens die via deze stroom gaan."),
        }

    def clean(self):
        cleaned = super().clean()
        source, target = cleaned.get("source"), cleaned.get("target")
        if source is not None and source == target:
            raise ValidationError(
                {
                    "target": _(
                        "Een gegevenslevering gaat van het ene systeem naar een ander. Kies "
                        "bij ‘naar’ een ander systeem dan bij ‘van’."
                    )
                }
            )
        return cleaned


admin.site.unregister(DataFlow)


@admin.register(DataFlow)
class ExplainedDataFlowAdmin(DataFlowAdmin):
    form = ExplainedDataFlowForm
    change_list_template = "admin/cases/dataflow/change_list.html"

    def get_urls(self):
        return [
            path(
                "register/",
                self.admin_site.admin_view(self.register_view),
                name="cases_dataflow_register",
            ),
            *super().get_urls(),
        ]

    def register_view(self, request):
        """The whole register as the picture the case page draws, and as a table."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        picture, flows = register_overview()
        return TemplateResponse(
            request,
            "admin/cases/dataflow/register.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Het ketenregister"),
                "picture": picture,
                "flows": flows,
            },
        )


def _flows_list(flows, *, incoming: bool) -> str:
    rows = [
        format_html(
            "<li>{} {} ({})</li>",
            "←" if incoming else "→",
            flow.source if incoming else flow.target,
            ", ".join(e.name for e in flow.elements.all()) or "-",
        )
        for flow in flows
    ]
    if not rows:
        return str(_("Geen."))
    return format_html("<ul>{}</ul>", mark_safe("".join(rows)))  # noqa: S308 - parts escaped


admin.site.unregister(System)


@admin.register(System)
class SystemWithFlowsAdmin(SystemAdmin):
    readonly_fields = ["flows_in", "flows_out"]

    @admin.display(description=_("gegevens die dit systeem ontvangt"))
    def flows_in(self, obj):
        if obj.pk is None:
            return "-"
        flows = obj.incoming_flows.select_related("source").prefetch_related("elements")
        return _flows_list(flows, incoming=True)

    @admin.display(description=_("gegevens die dit systeem levert"))
    def flows_out(self, obj):
        if obj.pk is None:
            return "-"
        flows = obj.outgoing_flows.select_related("target").prefetch_related("elements")
        return _flows_list(flows, incoming=False)


# --- Teams ---------------------------------------------------------------------------------------

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
