"""Calendar changes reach open cases.

An administrator adds or removes a day declared equal to a holiday by decree (it moves
statutory terms and service norms) or a municipal closing day (it moves only service norms).
The change is recorded and a background job recomputes, in batches, every open case and
requested correction task whose term spans that day. A date that moves gets an event (old, new,
cause); the citizen is told when the date they were given moves later. A promised date never
moves earlier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time
from functools import lru_cache

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actors import SYSTEM, Actor
from cases.calendar import load_calendar
from cases.models import (
    CalendarChange,
    CalendarChangeStatus,
    Case,
    CaseEvent,
    ClosingDay,
    CorrectionTask,
    DecreeDay,
    EventKind,
    Extension,
    Suspension,
    TaskStatus,
    TermBasis,
)
from cases.services.common import citizen_notice
from cases.services.deadlines import case_term, correction_task_due, term_for_received
from cases.tasks.calendar import apply_calendar_change
from cases.workflow import OPEN_STATUSES
from config.dispatch import delay_after_commit
from notifications.services import notification_enqueue_many

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


class _PlainDue:
    """The due date of a case without suspension, extension or committee: it depends only on
    the type and the receipt day, so it is computed once per (type, day) within a run."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.types: dict[int, object] = {}
        self._due = lru_cache(maxsize=4096)(self._compute)

    def _compute(self, case_type_id: int, received: date) -> date:
        case_type = self.types[case_type_id]
        return term_for_received(
            case_type=case_type, received=received, calendar=self.calendar
        ).due_date

    def __call__(self, case_type, received: date) -> date:
        self.types.setdefault(case_type.pk, case_type)
        return self._due(case_type.pk, received)


def _cases_with_history(ids: list[int]) -> set[int]:
    """The cases with a suspension or an extension: two queries per batch."""
    return set(Suspension.objects.filter(case_id__in=ids).values_list("case_id", flat=True)) | set(
        Extension.objects.filter(case_id__in=ids).values_list("case_id", flat=True)
    )


def _due_moved_event(case: Case, *, old_due: date, old_promised: date, cause: str, change):
    new_due = case.due_date
    return CaseEvent(
        case=case,
        kind=EventKind.DUE_DATE_CHANGED,
        actor_kind=SYSTEM.kind,
        from_status=case.status,
        to_status=case.status,
        due_date=new_due,
        reason=cause,
        is_public=new_due > old_promised,
        data={
            "old": old_due.isoformat(),
            "new": new_due.isoformat(),
            "promised": case.promised_due_date.isoformat(),
            "calendar_change": change.pk,
        },
    )


def _due_moved_notice(case: Case, *, old_promised: date, cause: str):
    return citizen_notice(
        case=case,
        template_key="due_date_moved",
        key=case.due_date.isoformat(),
        # Issue 22: a service norm's notice must not speak of statutory terms.
        context={
            "previous_due_date": old_promised,
            "cause": cause,
            "term_basis": case.case_type.term_basis,
        },
    )


def _apply_to_case_batch(change: CalendarChange, ids: list[int], run: dict) -> int:
    """Recompute one batch of cases (rows locked); returns how many dates moved."""
    cases = list(
        Case.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("case_type")
        .order_by("pk")
    )
    # The few cases with a suspension, an extension or an advisory committee get their whole
    # term recomputed (case_term reads them); most depend only on type and receipt day.
    with_history = _cases_with_history(ids)
    # Cases whose dates move the same way are updated in one statement each.
    updates: dict[tuple[date, date], list[int]] = defaultdict(list)
    events, notices = [], []
    for case in cases:
        old_due, old_promised = case.due_date, case.promised_due_date or case.due_date
        if case.pk in with_history or case.advisory_committee:
            new_due = case_term(case, calendar=run["calendar"], today=run["today"]).due_date
        else:
            new_due = run["plain_due"](case.case_type, timezone.localdate(case.received_at))
        if new_due == old_due:
            continue
        case.due_date = new_due
        case.promised_due_date = max(old_promised, new_due)
        updates[(case.due_date, case.promised_due_date)].append(case.pk)
        cause = run["cause"]
        events.append(
            _due_moved_event(
                case, old_due=old_due, old_promised=old_promised, cause=cause, change=change
            )
        )
        if new_due > old_promised:
            notices.append(_due_moved_notice(case, old_promised=old_promised, cause=cause))
    for (due, promised), pks in updates.items():
        # The version goes up: a form opened before the change is stale now.
        Case.objects.filter(pk__in=pks).update(
            due_date=due, promised_due_date=promised, version=F("version") + 1
        )
    CaseEvent.objects.bulk_create(events)
    notification_enqueue_many(notices)
    return len(events)


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
    run = {
        "calendar": calendar,
        "cause": _cause(change),
        "plain_due": _PlainDue(calendar),
        "today": timezone.localdate(),
    }
    total = affected_cases(change).count() + affected_tasks(change).count()
    processed = changed_cases = 0
    last = 0
    while True:
        with transaction.atomic():
            ids = list(
                affected_cases(change)
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                break
            last = ids[-1]
            changed_cases += _apply_to_case_batch(change, ids, run)
            processed += len(ids)
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
