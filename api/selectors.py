"""Reads of the API, built on the backoffice's access selectors for the token's actor: the API
never decides on its own who may see what (cases/selectors/ is the one home of that rule)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from cases.actors import Actor
from cases.models import Case, CaseEvent, CorrectionTask, EventKind
from cases.selectors import tasks_visible_to
from cases.selectors.backoffice import backoffice_cases, handling_actor, task_for_actor


def api_tasks(
    *, actor: Actor, status: str | None = None, updated_since: datetime | None = None
) -> QuerySet[CorrectionTask]:
    """The organisation's own correction tasks (those it is asked to correct), as far as the
    backoffice's access rule lets it see them: a pending task is not routed yet.

    The owner condition is put on top of the access selector, not instead of it: the selector
    stays the one rule, and this top-level `organisation_id IN (…)` lets PostgreSQL walk the
    (organisation, updated_at, id) index in the list's order and stop after one page, instead of
    sorting every task the OR-shaped visibility rule matches (bench/api_tasks.py)."""
    tasks = (
        tasks_visible_to(actor=handling_actor(actor=actor))
        .filter(organisation_id__in=actor.organisation_ids)
        .select_related("case", "system")
    )
    if status:
        tasks = tasks.filter(status=status)
    if updated_since is not None:
        tasks = tasks.filter(updated_at__gt=updated_since)
    return tasks


def api_task(*, actor: Actor, pk: int) -> CorrectionTask | None:
    task = task_for_actor(actor=actor, pk=pk)
    return task


def api_cases(
    *, actor: Actor, status: str | None = None, updated_since: datetime | None = None
) -> QuerySet[Case]:
    cases = backoffice_cases(actor=actor).select_related("case_type", "organisation", "team")
    if status:
        cases = cases.filter(status=status)
    if updated_since is not None:
        cases = cases.filter(updated_at__gt=updated_since)
    return cases


def api_case(*, actor: Actor, number: str) -> Case | None:
    return api_cases(actor=actor).filter(number=number).first()


def api_case_history(*, case: Case) -> QuerySet[CaseEvent]:
    """Status changes only: the other events carry free text (notes, reasons, messages)."""
    return case.events.filter(kind=EventKind.TRANSITION).order_by("created_at", "id")
