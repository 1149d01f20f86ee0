"""The council's dashboard (werkplek/raad): the report's figures and charts as a page, the
Word reports built in the background, and their download. Council members and coordinators
only; anyone else gets a 404, as for every page they may not see."""

from __future__ import annotations

import base64
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases.errors import CaseActionError
from cases.models import Organisation
from cases.selectors.access import staff_actor
from council.charts import render_png
from council.figures import Scope, compute_figures
from council.models import CouncilReportStatus
from council.period import ReportPeriod
from council.sections import accountability_section, build_sections
from council.service import (
    council_report_request,
    council_report_retry,
    council_reports_visible_to,
    may_see_council_figures,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_DAYS = 5 * 366
# The figures of a year over a million cases take seconds: a page view reuses them for a few
# minutes (the page says when they were computed).
CACHE_SECONDS = 300
REPORTS_SHOWN = 20


class PeriodForm(forms.Form):
    van = forms.DateField(
        label=gettext_lazy("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    organisatie = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("Alle organisaties"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Vul beide datums in, of geen van beide."))
        if start and end:
            if end < start:
                self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("tot", _("Kies een periode van hoogstens vijf jaar."))
        return data

    def scope(self, today: date) -> Scope:
        data = self.cleaned_data
        if data.get("van") and data.get("tot"):
            period = ReportPeriod(data["van"], data["tot"])
        else:
            period = ReportPeriod.year(today.year)
        return Scope(period, data.get("organisatie"))


def _council_actor(request):
    actor = staff_actor(user=request.user)
    if not may_see_council_figures(actor):
        raise Http404
    request.actor = actor  # as the backoffice pages do: base.html shows the role's links
    return actor


def _query(period: ReportPeriod, organisation: Organisation | None) -> str:
    params = {"van": period.start.isoformat(), "tot": period.end.isoformat()}
    if organisation is not None:
        params["organisatie"] = organisation.code
    return urlencode(params)


def _quick_links(today: date, scope: Scope) -> list[dict]:
    quarter = (today.month - 1) // 3 + 1
    previous_quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    last_month = today.replace(day=1) - timedelta(days=1)
    periods = [
        (_("Dit jaar"), ReportPeriod.year(today.year)),
        (_("Vorig jaar"), ReportPeriod.year(today.year - 1)),
        (_("Dit kwartaal"), ReportPeriod.quarter(today.year, quarter)),
        (_("Vorig kwartaal"), ReportPeriod.quarter(*previous_quarter)),
        (_("Vorige maand"), ReportPeriod.month(last_month.year, last_month.month)),
    ]
    return [
        {
            "label": f"{label} ({period.label})",
            "query": _query(period, scope.organisation),
            "current": period == scope.period,
        }
        for label, period in periods
    ]


def _page_sections(scope: Scope, today: date) -> dict:
    """Sections with their charts as PNG data URIs; cached briefly per scope and day."""
    organisation = scope.organisation.pk if scope.organisation else ""
    key = f"council:{scope.period.start}:{scope.period.end}:{organisation}:{today}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    figures = compute_figures(scope, today=today)
    sections = []
    for section in [*build_sections(figures), accountability_section(figures)]:
        items = []
        for figure in section.figures:
            uri = None
            if figure.chart is not None:
                png = base64.b64encode(render_png(figure.chart, dpi=110)).decode("ascii")
                uri = f"data:image/png;base64,{png}"
            items.append(
                {
                    "figure": figure,
                    "chart_uri": uri,
                    "show_title": len(section.figures) > 1 or figure.title != section.title,
                    # A wide table (months × types) goes under its chart, not beside it.
                    "wide": len(figure.table.columns) > 5,
                }
            )
        sections.append({"section": section, "items": items})
    result = {"sections": sections, "computed_at": timezone.localtime()}
    cache.set(key, result, CACHE_SECONDS)
    return result


@login_required
@require_GET
def dashboard(request):
    actor = _council_actor(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        scope = form.scope(today)
    else:
        scope = Scope(ReportPeriod.year(today.year))
    context = {
        "form": form,
        "scope": scope,
        "query": _query(scope.period, scope.organisation),
        "quick_links": _quick_links(today, scope),
        "reports": list(council_reports_visible_to(actor)[:REPORTS_SHOWN]),
        "statuses": CouncilReportStatus,
        **_page_sections(scope, today),
    }
    return render(
        request,
        "council/dashboard.html",
        context,
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_POST
def report_request(request):
    actor = _council_actor(request)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("De periode is niet geldig; kies een andere periode."))
        return redirect("loket:council")
    scope = form.scope(timezone.localdate())
    try:
        council_report_request(period=scope.period, organisation=scope.organisation, actor=actor)
    except CaseActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "De rapportage over %(period)s wordt gemaakt. Vernieuw deze pagina over een "
                "paar minuten om haar te downloaden."
            )
            % {"period": scope.period.label},
        )
    url = reverse("loket:council") + "?" + _query(scope.period, scope.organisation)
    return redirect(url + "#rapportages")


@login_required
@require_POST
def report_retry(request, pk: int):
    actor = _council_actor(request)
    report = council_reports_visible_to(actor).filter(pk=pk).first()
    if report is None:
        raise Http404
    council_report_retry(report=report, actor=actor)
    messages.success(request, _("De rapportage wordt opnieuw gemaakt."))
    return redirect(reverse("loket:council") + "#rapportages")


@login_required
@require_GET
def report_download(request, pk: int):
    actor = _council_actor(request)
    report = (
        council_reports_visible_to(actor)
        .filter(pk=pk, status=CouncilReportStatus.DONE)
        .exclude(file="")
        .first()
    )
    if report is None or not report.file.storage.exists(report.file.name):
        raise Http404
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.download_name,
        content_type=DOCX,
    )
    response["Cache-Control"] = "no-store"
    return response
