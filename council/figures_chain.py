"""The chain-error figures (DESIGN.md §5, Learning): where errors start, how far they spread,
how long each organisation takes to correct, how often a correction is disputed. Aggregate
queries only, like the rest of `council.figures`."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate

from cases.models import Case, CaseEvent, CorrectionTask, EventKind, TaskStatus
from council.durations import WorkingDays, durations
from council.values import Scope, Share

if TYPE_CHECKING:
    from council.figures import Figures

# Packs (systems in a plan, deepest level) into one integer; levels stay far below it.
SPREAD_BASE = 100_000


def _tasks(scope: Scope) -> QuerySet[CorrectionTask]:
    tasks = CorrectionTask.objects.all()
    if scope.organisation is not None:
        tasks = tasks.filter(organisation=scope.organisation)
    return tasks.order_by()


def chain_figures(
    figures: Figures, scope: Scope, days: WorkingDays, *, reports: QuerySet[Case]
) -> None:
    """`reports` is `figures.chain_error_cases(scope)`: the chain-error cases received in the
    period, the same cases the intake table counts (`figures.chain_sources` comes from the
    intake query itself)."""
    _spread(figures, reports)
    _correction_speed(figures, scope, days)
    _disputes(figures, scope)


def _spread(figures: Figures, reports: QuerySet[Case]) -> None:
    """How far an error spread: the systems in each report's plan and its deepest round."""
    # Level 0 is the source. Grouped twice in the database: per report in one correlated
    # subquery, then per (systems, depth), so only a handful of rows come back. The subquery
    # returns both numbers in one integer (count × SPREAD_BASE + deepest level): one index scan
    # per report instead of two, which halves the cost at a hundred thousand reports.
    per_case = (
        CorrectionTask.objects.filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(packed=Count("id") * SPREAD_BASE + Max("level"))
        .values("packed")
    )
    spread = (
        reports.annotate(packed=Subquery(per_case, output_field=IntegerField()))
        .values("packed")
        .annotate(n=Count("id"))
        .values_list("packed", "n")
    )
    systems: Counter = Counter()
    depths: Counter = Counter()
    for packed, n in spread:
        n_systems, depth = divmod(packed, SPREAD_BASE) if packed is not None else (0, None)
        systems[n_systems] += n
        depths[depth] += n
    figures.chain_spread, figures.chain_depth = dict(systems), dict(depths)


def _correction_speed(figures: Figures, scope: Scope, days: WorkingDays) -> None:
    """How long an organisation takes, and what it has open now."""
    # Requested → corrected and verified (or found not affected), in working days, for tasks
    # settled in the period.
    start, end = scope.period.bounds()
    settled = (
        _tasks(scope)
        .filter(
            settled_at__gte=start,
            settled_at__lt=end,
            requested_at__isnull=False,
            status__in=[TaskStatus.VERIFIED, TaskStatus.NOT_AFFECTED],
        )
        .annotate(a=TruncDate("requested_at"), b=TruncDate("settled_at"))
        .values("organisation_id", "a", "b")
        .annotate(n=Count("id"))
    )
    figures.correction_speed, _ = durations(settled, days, "organisation_id", "a", "b")
    waiting = (
        _tasks(scope)
        .filter(status=TaskStatus.REQUESTED)
        .values("organisation_id")
        .annotate(n=Count("id"), late=Count("id", filter=Q(due_date__lt=figures.today)))
        .values_list("organisation_id", "n", "late")
    )
    figures.correction_open = {org: Share(n, late) for org, n, late in waiting}


def _disputes(figures: Figures, scope: Scope) -> None:
    """Of the tasks requested in the period, how many did the owner ever dispute."""
    # The task's status may have moved on; the event log keeps the dispute (one task per system
    # per case, so case and system code identify the task).
    start, end = scope.period.bounds()
    disputed = CaseEvent.objects.annotate(system_code=KeyTextTransform("system", "data")).filter(
        case_id=OuterRef("case_id"),
        kind=EventKind.CORRECTION,
        data__to=TaskStatus.DISPUTED.value,
        system_code=OuterRef("system__code"),
    )
    requested = _tasks(scope).filter(requested_at__gte=start, requested_at__lt=end)
    totals = dict(
        requested.values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    # In WHERE, not in a FILTER clause of the count: there PostgreSQL can run the EXISTS as a
    # hashed semi-join over the few dispute events, instead of a subplan per task.
    disputed = dict(
        requested.filter(Exists(disputed))
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    figures.disputes = {org: Share(n, disputed.get(org, 0)) for org, n in totals.items()}
