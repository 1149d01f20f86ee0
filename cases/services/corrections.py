"""Pieces of the correction plan that the case's own services need too: the task event, and
cancelling the open tasks when a case is withdrawn. Below both `handling` and `chain`, so
neither imports the other."""

from __future__ import annotations

from django.utils import timezone

from cases.actors import SYSTEM, Actor
from cases.enums import OPEN_TASK_STATUSES, TaskStatus
from cases.models import Case, CorrectionTask, EventKind
from cases.services.common import record_event
from cases.services.webhooks import case_withdrawn_emit


def task_event(task: CorrectionTask, actor: Actor, source: str, reason: str = "") -> None:
    """The event row on the case for a change of one correction task."""
    record_event(
        case=task.case,
        kind=EventKind.CORRECTION,
        actor=actor,
        reason=reason,
        is_public=False,
        data={"task": task.pk, "system": task.system.code, "from": source, "to": task.status},
    )


def correction_tasks_cancel(case: Case) -> None:
    """System: the case was withdrawn; every open task is cancelled. Caller holds the lock.
    Every owner that had been asked gets the `case.withdrawn` webhook (issue 19)."""
    owners = set()
    for task in case.correction_tasks.filter(status__in=OPEN_TASK_STATUSES).select_related(
        "system"
    ):
        source = task.status
        task.cancel()
        task.settled_at = timezone.now()
        task.version += 1
        task.save(update_fields=["status", "settled_at", "version", "updated_at"])
        task.case = case
        task_event(task, SYSTEM, source)
        if source != TaskStatus.PENDING:  # an owner that was never asked has nothing to stop
            owners.add(task.organisation_id)
    case_withdrawn_emit(case=case, organisation_ids=owners)
