"""The chain register: help texts, flows in and out of each system, the overview page."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cases.admin import (
    DataFlowAdmin,
    SystemAdmin,
)
from cases.models import (
    DataFlow,
    System,
)
from configuration.register import register_overview


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
