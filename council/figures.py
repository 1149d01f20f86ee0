"""The council's figures for a period, from aggregate queries only (DESIGN.md §6, Reports).

Every figure is a GROUP BY in the database; Python only walks the grouped rows (types ×
channels, organisations, systems, days). The number of queries is fixed, whatever the number
of cases, and no row of a single case ever leaves the database here: these figures are
anonymous by construction.

Handling time is counted in working days. The per-case count needs the Atw holidays, the
decree days and the closing days, which live partly in Python (`cases.deadlines`), so it is not
computed per case in SQL. Instead the database groups the cases by (day received, day resolved)
and counts them; Python computes the working days once per distinct pair from a cumulative
working-day index. A year has at most a few tens of thousands of distinct pairs, whether it
holds a thousand cases or a million.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from cases.calendar import load_calendar
from cases.models import Case, CaseType, Extension, Organisation, Suspension, System
from cases.services.intake import CHAIN_ERROR
from cases.workflow import OPEN_STATUSES
from council.durations import WorkingDays, durations, percentile
from council.figures_chain import chain_figures
from council.values import UNKNOWN, Scope, Share, Stats
from records.services.penalty import penalties_paid

__all__ = [
    "UNKNOWN",
    "Figures",
    "Scope",
    "Share",
    "Stats",
    "WorkingDays",
    "compute_figures",
    "percentile",
]


@dataclass
class Figures:
    scope: Scope
    today: date
    generated_at: object
    # Labels of the ids below (small reference tables, loaded once).
    type_names: dict[int, str] = field(default_factory=dict)
    type_codes: dict[int, str] = field(default_factory=dict)
    organisation_names: dict[int, str] = field(default_factory=dict)
    system_names: dict[int, str] = field(default_factory=dict)
    system_organisations: dict[int, int] = field(default_factory=dict)
    # Intake (cases received in the period).
    intake_type_channel: dict[tuple[int, str], int] = field(default_factory=dict)
    intake_type_status: dict[tuple[int, str], int] = field(default_factory=dict)
    intake_month_type: dict[tuple[int, int, int], int] = field(default_factory=dict)
    # Cases resolved in the period, on time when resolved on or before their due date.
    on_time_by_type: dict[int, Share] = field(default_factory=dict)
    on_time_by_organisation: dict[int, Share] = field(default_factory=dict)
    complaint_outcomes: dict[str, Share] = field(default_factory=dict)
    handling_by_type: dict[int, Stats] = field(default_factory=dict)
    handling_all: Stats = field(default_factory=Stats)
    # Extensions and suspensions of the cases received in the period.
    extensions_by_type: dict[int, tuple[int, int]] = field(default_factory=dict)
    suspensions_by_type: dict[int, tuple[int, int]] = field(default_factory=dict)
    # Open cases today, and how many of them are past their due date.
    overdue_by_type: dict[int, Share] = field(default_factory=dict)
    overdue_by_organisation: dict[int, Share] = field(default_factory=dict)
    # Chain errors: reports received in the period, tasks requested or settled in it.
    chain_sources: dict[int, int] = field(default_factory=dict)
    chain_spread: dict[int, int] = field(default_factory=dict)  # systems per report -> reports
    chain_depth: dict[int | None, int] = field(default_factory=dict)  # deepest round -> reports
    correction_speed: dict[int, Stats] = field(default_factory=dict)
    correction_open: dict[int, Share] = field(default_factory=dict)  # requested now / overdue
    disputes: dict[int, Share] = field(default_factory=dict)  # requested / ever disputed
    # Awb 4:17 penalties paid for cases resolved in the period: (how many, total euro).
    penalties_paid: tuple[int, int] = (0, 0)

    # --- totals the summary and the tests use -----------------------------------------------
    @property
    def intake_total(self) -> int:
        return sum(self.intake_type_channel.values())

    def intake_by_type(self) -> dict[int, int]:
        return _sum_by(self.intake_type_channel, 0)

    def intake_by_channel(self) -> dict[str, int]:
        return _sum_by(self.intake_type_channel, 1)

    def intake_by_month(self) -> dict[tuple[int, int], int]:
        totals: Counter = Counter()
        for (year, month, _type), n in self.intake_month_type.items():
            totals[(year, month)] += n
        return {ym: totals.get(ym, 0) for ym in self.scope.period.months()}

    @property
    def resolved_total(self) -> Share:
        return Share(
            sum(s.total for s in self.on_time_by_type.values()),
            sum(s.part for s in self.on_time_by_type.values()),
        )

    @property
    def overdue_total(self) -> Share:
        return Share(
            sum(s.total for s in self.overdue_by_type.values()),
            sum(s.part for s in self.overdue_by_type.values()),
        )

    @property
    def chain_reports_total(self) -> int:
        """The chain-error cases received in the period: the intake table's chain-error column,
        by construction (`chain_sources` comes from the same grouped rows)."""
        return sum(self.chain_sources.values())

    def organisation_name(self, pk: int | None) -> str:
        from django.utils.translation import gettext as _

        return self.organisation_names.get(pk or UNKNOWN) or _("Nog niet toegewezen")


def _sum_by(data: dict[tuple, int], position: int) -> dict:
    totals: Counter = Counter()
    for key, n in data.items():
        totals[key[position]] += n
    return dict(totals)


def _received(scope: Scope) -> QuerySet[Case]:
    start, end = scope.period.bounds()
    cases = Case.objects.filter(received_at__gte=start, received_at__lt=end)
    if scope.organisation is not None:
        cases = cases.filter(organisation=scope.organisation)
    return cases.order_by()


def _resolved(scope: Scope) -> QuerySet[Case]:
    start, end = scope.period.bounds()
    cases = Case.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
    if scope.organisation is not None:
        cases = cases.filter(organisation=scope.organisation)
    return cases.order_by()


def _labels(figures: Figures) -> None:
    for pk, code, name in CaseType.objects.values_list("pk", "code", "name"):
        figures.type_names[pk], figures.type_codes[pk] = name, code
    figures.organisation_names = dict(Organisation.objects.values_list("pk", "name"))
    for pk, name, organisation_id in System.objects.values_list("pk", "name", "organisation_id"):
        figures.system_names[pk] = name
        figures.system_organisations[pk] = organisation_id


def chain_error_cases(scope: Scope) -> QuerySet[Case]:
    """The one definition of "chain-error reports received": cases of the chain-error type
    received in the period. Every count of reports (key figure, intake tables, sources,
    spread) is taken over these cases, never over `ChainReport` rows, so a case whose report
    is missing still counts once, as "source not yet known"."""
    return _received(scope).filter(case_type__code=CHAIN_ERROR)


def _intake(figures: Figures, scope: Scope) -> None:
    # One scan for type × channel × status × month × source system (at most a few thousand
    # groups). The source comes along (a left join on the chain report, NULL for other types)
    # so the chain-error figures are the same rows as the intake table and cannot disagree
    # with it. TruncMonth takes the current time zone: a case received at 00:30 on 1 March
    # (Amsterdam) counts for March, not for February as in UTC.
    rows = (
        _received(scope)
        .annotate(month=TruncMonth("received_at"), source=F("chain_report__source_system_id"))
        .values("case_type_id", "channel", "status", "month", "source")
        .annotate(n=Count("id"))
        .values_list("case_type_id", "channel", "status", "month", "source", "n")
    )
    channel: Counter = Counter()
    status: Counter = Counter()
    months: Counter = Counter()
    sources: Counter = Counter()
    for type_id, channel_code, status_code, month, source, n in rows:
        channel[(type_id, channel_code)] += n
        status[(type_id, status_code)] += n
        local = timezone.localtime(month) if timezone.is_aware(month) else month
        months[(local.year, local.month, type_id)] += n
        if figures.type_codes.get(type_id) == CHAIN_ERROR:
            sources[source or UNKNOWN] += n
    figures.intake_type_channel, figures.intake_type_status = dict(channel), dict(status)
    figures.intake_month_type = dict(months)
    figures.chain_sources = dict(sources)


def _timeliness(figures: Figures, scope: Scope, days: WorkingDays) -> None:
    # On time: resolved on or before the due date, both as local dates (the due date already
    # includes lawful extensions and suspensions).
    resolved = _resolved(scope).annotate(
        resolved_on=TruncDate("resolved_at"), received_on=TruncDate("received_at")
    )
    rows = (
        resolved.values("case_type_id", "organisation_id", "outcome")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(resolved_on__lte=F("due_date"))))
        .values_list("case_type_id", "organisation_id", "outcome", "n", "on_time")
    )
    by_type: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    by_org: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    outcomes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for type_id, org_id, outcome, n, on_time in rows:
        for bucket in (by_type[type_id], by_org[org_id or UNKNOWN]):
            bucket[0] += n
            bucket[1] += on_time
        if figures.type_codes.get(type_id) == "complaint":
            outcomes[outcome][0] += n
            outcomes[outcome][1] += on_time
    figures.on_time_by_type = {k: Share(*v) for k, v in by_type.items()}
    figures.on_time_by_organisation = {k: Share(*v) for k, v in by_org.items()}
    figures.complaint_outcomes = {k: Share(*v) for k, v in outcomes.items()}
    pairs = resolved.values("case_type_id", "received_on", "resolved_on").annotate(n=Count("id"))
    figures.handling_by_type, figures.handling_all = durations(
        pairs, days, "case_type_id", "received_on", "resolved_on"
    )


def _term_changes(figures: Figures, scope: Scope) -> None:
    start, end = scope.period.bounds()
    for model, target in (
        (Extension, "extensions_by_type"),
        (Suspension, "suspensions_by_type"),
    ):
        rows = model.objects.filter(case__received_at__gte=start, case__received_at__lt=end)
        if scope.organisation is not None:
            rows = rows.filter(case__organisation=scope.organisation)
        rows = (
            rows.order_by()
            .values("case__case_type_id")
            .annotate(n=Count("id"), cases=Count("case_id", distinct=True))
            .values_list("case__case_type_id", "n", "cases")
        )
        setattr(figures, target, {t: (n, cases) for t, n, cases in rows})


def _overdue(figures: Figures, scope: Scope) -> None:
    cases = Case.objects.filter(status__in=OPEN_STATUSES)
    if scope.organisation is not None:
        cases = cases.filter(organisation=scope.organisation)
    rows = (
        cases.order_by()
        .values("case_type_id", "organisation_id")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_date__lt=figures.today)))
        .values_list("case_type_id", "organisation_id", "n", "overdue")
    )
    by_type: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    by_org: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for type_id, org_id, n, overdue in rows:
        for bucket in (by_type[type_id], by_org[org_id or UNKNOWN]):
            bucket[0] += n
            bucket[1] += overdue
    figures.overdue_by_type = {k: Share(*v) for k, v in by_type.items()}
    figures.overdue_by_organisation = {k: Share(*v) for k, v in by_org.items()}


def compute_figures(scope: Scope, *, today: date | None = None) -> Figures:
    """Every figure of the council report for `scope`: a fixed number of aggregate queries."""
    figures = Figures(
        scope=scope, today=today or timezone.localdate(), generated_at=timezone.localtime()
    )
    _labels(figures)
    days = WorkingDays(load_calendar())
    _intake(figures, scope)
    _timeliness(figures, scope, days)
    _term_changes(figures, scope)
    _overdue(figures, scope)
    chain_figures(figures, scope, days, reports=chain_error_cases(scope))
    figures.penalties_paid = penalties_paid(
        start=scope.period.start, end=scope.period.end, organisation=scope.organisation
    )
    return figures
