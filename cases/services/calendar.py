"""Calendar changes reach open cases.

An administrator adds or removes a day declared equal to a holiday by decree (it moves
statutory terms and service norms) or a municipal closing day (it moves only service norms).
The change is recorded and a background job recomputes, in batches, every open case and
requested correction task whose term spans that day. A date that moves gets an event (old, new,
cause); the citizen is told when the date they were given moves later. A promised date never
moves earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actors import Actor
from cases.calendar import load_calendar
from cases.models import (
    CalendarChange,
    CalendarChangeStatus,
    Case,
    ClosingDay,
    CorrectionTask,
    DecreeDay,
    Suspension,
    TaskStatus,
    TermBasis,
)
from cases.services.calendar_batch import RecomputeRun, apply_to_batch
from cases.services.deadlines import correction_task_due
from cases.tasks.calendar import apply_calendar_change
from cases.workflow import OPEN_STATUSES
from config.dispatch import delay_after_commit

BATCH = 500


def _schedule(change: CalendarChange) -> CalendarChange:
    delay_after_commit(apply_calendar_change, change.pk)
    return change


def calendar_day_add(
    *, kind: str, day: date, description: str, actor: Actor | None = None
) -> CalendarChange:
    """Add (or rename) a decree day or closing day and schedule the recomputation."""
    model = DecreeDay if kind == CalendarChange.Kind.DECREE else ClosingDay
    field = "decree" if model is DecreeDay else "reason"
    with transaction.atomic():
        _row, created = model.objects.update_or_create(date=day, defaults={field: description})
        change = CalendarChange.objects.create(
            kind=kind,
            action=CalendarChange.Action.ADDED,
            date=day,
            description=description,
            created_by=actor.user if actor and actor.is_staff else None,
        )
        return _schedule(change)


def calendar_day_remove(*, kind: str, day: date, actor: Actor | None = None) -> CalendarChange:
    model = DecreeDay if kind == CalendarChange.Kind.DECREE else ClosingDay
    with transaction.atomic():
        row = model.objects.filter(date=day).first()
        description = getattr(row, "decree", None) or getattr(row, "reason", "") or ""
        model.objects.filter(date=day).delete()
        change = CalendarChange.objects.create(
            kind=kind,
            action=CalendarChange.Action.REMOVED,
            date=day,
            description=description,
            created_by=actor.user if actor and actor.is_staff else None,
        )
        return _schedule(change)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def affected_cases(change: CalendarChange):
    """Open cases whose term spans the day: received before it, due on or after it. A closing
    day concerns only service norms. Cases waiting with the clock stopped are recomputed when
    the clock restarts."""
    # A correlated NOT EXISTS on the suspension's case index (issue 23): the join form
    # `exclude(suspensions__end__isnull=True, …)` made PostgreSQL hash every case of the table
    # for each batch, so the recompute grew with the whole table instead of the batch.
    running = Suspension.objects.filter(case_id=OuterRef("pk"), end__isnull=True)
    cases = Case.objects.filter(
        ~Exists(running),
        status__in=OPEN_STATUSES,
        due_date__gte=change.date,
        received_at__lt=_start_of(change.date),
    )
    if change.kind == CalendarChange.Kind.CLOSING:
        cases = cases.filter(case_type__term_basis=TermBasis.SERVICE_NORM)
    return cases


def affected_tasks(change: CalendarChange):
    return CorrectionTask.objects.filter(
        status=TaskStatus.REQUESTED,
        due_date__gte=change.date,
        requested_at__lt=_start_of(change.date),
    )


def _cause(change: CalendarChange) -> str:
    return _("%(kind)s %(date)s %(action)s") % {
        "kind": change.get_kind_display(),
        "date": change.date.strftime("%d-%m-%Y"),
        "action": change.get_action_display(),
    }


def calendar_change_apply(
    *,
    change: CalendarChange,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> CalendarChange:
    """The background job. Batches by primary key, each batch one transaction with the rows
    locked, so a caseworker acting at the same moment never loses an update. Idempotent: run
    again, it finds nothing left to change."""
    CalendarChange.objects.filter(pk=change.pk).update(status=CalendarChangeStatus.RUNNING)
    calendar = load_calendar()
    run = RecomputeRun(
        change_pk=change.pk, calendar=calendar, cause=_cause(change), today=timezone.localdate()
    )
    scope = affected_cases(change)
    total = scope.count() + affected_tasks(change).count()
    processed = changed_cases = 0
    last = 0
    while True:
        with transaction.atomic():
            ids, moved = apply_to_batch(scope, after=last, size=batch, run=run)
        if not ids:
            break
        last = ids[-1]
        processed += len(ids)
        changed_cases += moved
        CalendarChange.objects.filter(pk=change.pk).update(
            processed=processed, changed_cases=changed_cases
        )
        if progress:
            progress(processed, total)
    changed_tasks = _apply_to_tasks(change, calendar, batch)
    CalendarChange.objects.filter(pk=change.pk).update(
        status=CalendarChangeStatus.DONE,
        processed=processed,
        changed_cases=changed_cases,
        changed_tasks=changed_tasks,
        finished_at=timezone.now(),
    )
    change.refresh_from_db()
    return change


def _apply_to_tasks(change: CalendarChange, calendar, batch: int) -> int:
    changed = 0
    last = 0
    while True:
        with transaction.atomic():
            tasks = list(
                affected_tasks(change)
                .filter(pk__gt=last)
                .order_by("pk")
                .select_for_update(of=("self",))
                .select_related("organisation")[:batch]
            )
            if not tasks:
                return changed
            last = tasks[-1].pk
            updates = []
            for task in tasks:
                due = correction_task_due(
                    organisation=task.organisation,
                    start=timezone.localdate(task.requested_at),
                    calendar=calendar,
                )
                if due != task.due_date:
                    task.due_date = due
                    updates.append(task)
            CorrectionTask.objects.bulk_update(updates, ["due_date"])
            changed += len(updates)
