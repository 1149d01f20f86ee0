"""Reads for the handler sections of the backoffice case page (timeline, chain picture, the
personal-data access log)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from cases.models import Case, CaseEvent, CorrectionTask, DataFlow, Note, PersonalDataAccess, Team


def team_names_for(*, case: Case, teams: list[Team] | None = None) -> dict[str, str]:
    """Team names by code for the timeline (the teams the page loaded already, or one query)."""
    if teams is None:
        teams = list(Team.objects.select_related("organisation"))
    names = {t.code: t.name for t in teams}
    if case.team is not None:
        names.setdefault(case.team.code, case.team.name)
    return names


def case_events(*, case: Case) -> QuerySet[CaseEvent]:
    """Every event of the case with its actor, oldest first."""
    return case.events.select_related("actor").order_by("created_at", "id")


def case_notes_by_pk(*, case: Case) -> dict[int, Note]:
    return {n.pk: n for n in case.notes.all()}


def plan_flows(*, tasks: list[CorrectionTask], today: date) -> list[tuple[int, int]]:
    """The active data flows between the systems of a correction plan, as (source, target)."""
    system_ids = [t.system_id for t in tasks]
    return list(
        DataFlow.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            source_id__in=system_ids,
            target_id__in=system_ids,
            active=True,
        )
        .order_by()  # the model orders by the systems' codes: a join this needs not
        .values_list("source_id", "target_id")
    )


def personal_data_accesses(*, case: Case, limit: int) -> list[PersonalDataAccess]:
    """AVG art. 5(2): the latest views of this citizen's data, newest first."""
    return list(
        case.personal_data_accesses.select_related("user").order_by("-accessed_at", "-pk")[:limit]
    )
