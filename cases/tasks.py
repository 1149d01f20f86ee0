"""Periodic work on cases: deadline reminders and escalations, and the system transitions whose
time has come.

The due dates in the database are the schedule: this sweep runs every few minutes, finds what is
due with indexed queries and acts on ids. No far-future ETA tasks (Redis would redeliver them
after the visibility timeout)."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from cases.errors import CaseActionError
from cases.models import Case, CaseStatus, CaseType, CorrectionTask, TaskStatus

logger = logging.getLogger(__name__)


def system_transitions(*, batch: int = 500) -> dict[str, int]:
    from cases.services import advance_plan, case_close, case_expire_reply_term
    from cases.services.common import lock_case

    today = timezone.localdate()
    counts = {"reply_expired": 0, "closed": 0, "plans_advanced": 0}
    expired = Case.objects.filter(
        status=CaseStatus.AWAITING_CITIZEN, reply_due_date__lt=today
    ).values_list("pk", flat=True)[:batch]
    for pk in expired:
        try:
            case_expire_reply_term(case=Case(pk=pk))
            counts["reply_expired"] += 1
        except CaseActionError:
            logger.info("Case %s changed before its reply term could expire", pk)
    now = timezone.now()
    for case_type in CaseType.objects.all():
        window_end = now - timedelta(days=case_type.reopen_window_days)
        due = Case.objects.filter(
            status=CaseStatus.RESOLVED, case_type=case_type, resolved_at__lt=window_end
        ).values_list("pk", flat=True)[:batch]
        for pk in due:
            try:
                case_close(case=Case(pk=pk))
                counts["closed"] += 1
            except CaseActionError:
                logger.info("Case %s changed before it could be closed", pk)
    # Safety net: services advance a plan in the same transaction as the change that settles
    # a task; this catches a plan left waiting (e.g. a task settled by an administrator).
    waiting = (
        Case.objects.filter(status=CaseStatus.AWAITING_CHAIN)
        .filter(pk__in=CorrectionTask.objects.filter(status=TaskStatus.PENDING).values("case_id"))
        .values_list("pk", flat=True)[:batch]
    )
    for pk in waiting:
        with transaction.atomic():
            counts["plans_advanced"] += advance_plan(lock_case(pk))
    return counts


@shared_task(name="cases.tasks.sweep_deadlines", acks_late=True)
def sweep_deadlines() -> dict[str, int]:
    """Idempotent: running it twice in a row writes nothing the second time."""
    from cases.services.reminders import (
        chase_case_deadlines,
        chase_correction_tasks,
        chase_reply_terms,
    )

    counts = system_transitions()
    today = timezone.localdate()
    counts.update(chase_case_deadlines(today=today))
    counts["reply_reminder"] = chase_reply_terms(today=today)
    counts.update(chase_correction_tasks(today=today))
    return counts


@shared_task(name="cases.tasks.apply_calendar_change", acks_late=True)
def apply_calendar_change(change_id: int) -> dict[str, int]:
    """Recompute the open cases and tasks a calendar change touches (idempotent)."""
    from cases.models import CalendarChange
    from cases.services.calendar import calendar_change_apply

    change = CalendarChange.objects.get(pk=change_id)
    change = calendar_change_apply(change=change)
    return {"cases": change.changed_cases, "tasks": change.changed_tasks}


@shared_task(name="cases.tasks.sweep_orphan_uploads", acks_late=True)
def sweep_orphan_uploads() -> int:
    """Delete upload files left behind by rolled-back transactions (daily)."""
    from cases.services.attachments import attachments_sweep_orphans

    return attachments_sweep_orphans()


from cases import tasks_reports  # noqa: E402,F401
