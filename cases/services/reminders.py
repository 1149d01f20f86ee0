"""Deadline chasing: reminders before a term ends and escalations after it passed.

The due dates in the database are the schedule. Every few minutes the sweep reads, with indexed
queries, only the open cases and correction tasks whose date falls inside the reminder window or
has passed; closed cases are never read (the partial index on open cases). Each notice's
idempotency key contains the due date it is about, so it happens once per due date — and again
when an extension or suspension moves the date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case as DbCase
from django.db.models import CharField, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat

from cases.models import (
    Case,
    CaseStatus,
    CorrectionTask,
    Membership,
    Role,
    Suspension,
    TaskStatus,
)
from cases.services.common import notify_address, notify_citizen, notify_staff
from cases.workflow import OPEN_STATUSES
from notifications.models import NoticeChannel, Notification
from notifications.services import notification_enqueue

BATCH = 1000


def reminder_offsets() -> list[int]:
    """Days before the due date at which staff are reminded, largest first."""
    return sorted(getattr(settings, "DEADLINE_REMINDER_OFFSETS", [5, 1]), reverse=True)


def _batches(queryset, size: int) -> Iterator[list]:
    """The candidates' ids in one query on the partial index of open rows by due date (never a
    walk over the primary key, which would read every closed case too), then the rows in
    batches by id."""
    ids = sorted(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        yield list(queryset.filter(pk__in=ids[start : start + size]).order_by("pk"))


def _existing(keys: list[str]) -> set[str]:
    """One query per batch through the unique index on idempotency_key."""
    if not keys:
        return set()
    return set(
        Notification.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )


def coordinators() -> list:
    User = get_user_model()
    ids = Membership.objects.filter(role=Role.COORDINATOR).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _case_reminder(case: Case, today: date, offsets: list[int]) -> tuple[str, str] | None:
    """(template, key) of the notice this case needs now, if any."""
    days_left = (case.due_date - today).days
    if days_left < 0:
        return "overdue_escalation", f"case:{case.pk}:overdue:{case.due_date.isoformat()}"
    passed = [o for o in offsets if days_left <= o]
    if not passed:
        return None
    # The smallest offset reached: a case found late gets one reminder, not one per offset.
    offset = passed[-1]
    return "due_soon", f"case:{case.pk}:due_soon:{case.due_date.isoformat()}:{offset}"


def _reminder_key(today: date, offsets: list[int]):
    """`_case_reminder`'s key computed by the database: `case:<id>:overdue:<due>` past the due
    date, else `case:<id>:due_soon:<due>:<offset>` for the smallest offset reached. The dates
    are constants from Python, so the expression is the same on every database."""
    base = (Value("case:"), Cast("id", CharField()))
    due = Cast("due_date", CharField())
    whens = [When(due_date__lt=today, then=Concat(*base, Value(":overdue:"), due))]
    whens += [
        When(
            due_date__lte=today + timedelta(days=offset),
            then=Concat(*base, Value(":due_soon:"), due, Value(f":{offset}")),
        )
        for offset in sorted(offsets)
    ]
    return DbCase(*whens, default=Value(""), output_field=CharField())


def pending_case_reminders(*, today: date, offsets: list[int]):
    """Open cases inside the reminder window whose reminder for today is not done yet (issue
    23). The marker row of a reminder has the reminder's key; the database builds the key each
    case needs today and keeps only the cases without that marker, one probe of the unique
    index per case. In steady state (everything chased) the sweep reads no case at all instead
    of every overdue one; a case whose due date moves, or that reaches the next offset, needs a
    new key and comes back once."""
    horizon = today + timedelta(days=max(offsets, default=0))
    done = Notification.objects.filter(idempotency_key=OuterRef("reminder_key"))
    # While the clock is suspended (waiting for the citizen where the type allows it, or for
    # the citizen's identity, AVG art. 12(6)) the stored date is not running out; those cases
    # are left alone.
    return (
        Case.objects.filter(status__in=OPEN_STATUSES, due_date__lte=horizon)
        .exclude(status=CaseStatus.AWAITING_CITIZEN, case_type__suspension_allowed=True)
        .exclude(
            pk__in=Suspension.objects.filter(for_identity=True, end__isnull=True).values("case_id")
        )
        .annotate(reminder_key=_reminder_key(today, offsets))
        .exclude(reminder_key="")
        .exclude(Exists(done))
    )


def chase_case_deadlines(*, today: date, batch: int = BATCH) -> dict[str, int]:
    offsets = reminder_offsets()
    counts = {"due_soon": 0, "overdue_escalation": 0}
    candidates = pending_case_reminders(today=today, offsets=offsets).select_related(
        "case_type", "team", "assignee"
    )
    staff_escalation = None
    for rows in _batches(candidates, batch):
        wanted = {}
        for case in rows:
            need = _case_reminder(case, today, offsets)
            if need:
                wanted[need[1]] = (case, need[0])
        # Keys as notify_* writes them: a per-recipient suffix may follow the base key.
        done = _existing(list(wanted))
        for key, (case, template) in wanted.items():
            if key in done:
                continue
            if template == "overdue_escalation":
                if staff_escalation is None:
                    staff_escalation = coordinators()
                for user in {*staff_escalation, *([case.assignee] if case.assignee else [])}:
                    _staff_notice(case=case, user=user, template=template, key=key)
                notify_address(
                    case=case,
                    email=case.team.email if case.team else "",
                    template_key=template,
                    key=key,
                )
            else:
                if case.assignee:
                    _staff_notice(case=case, user=case.assignee, template=template, key=key)
                else:
                    notify_address(
                        case=case,
                        email=case.team.email if case.team else "",
                        template_key=template,
                        key=key,
                    )
            _mark(key)
            counts[template] += 1
    return counts


def _mark(key: str) -> None:
    """A marker row per base key, so the next sweep finds this reminder done with one lookup
    whichever recipients it went to."""
    notification_enqueue(
        channel=NoticeChannel.IN_APP,
        template_key="deadline_marker",
        idempotency_key=key,
        context={},
        reference="",  # not a notice anyone reads: kept out of case timelines
    )


def _staff_notice(*, case: Case, user, template: str, key: str) -> None:
    notification_enqueue(
        channel=NoticeChannel.IN_APP,
        template_key=template,
        idempotency_key=f"{key}:user{user.pk}",
        context={
            "case_number": case.number,
            "case_id": case.pk,
            "due_date": case.due_date.isoformat(),
        },
        user=user,
        reference=f"case:{case.pk}",
    )


def chase_reply_terms(*, today: date, batch: int = BATCH) -> int:
    """Remind the citizen before the reply term of an information request ends."""
    days = getattr(settings, "REPLY_REMINDER_DAYS", 3)
    candidates = Case.objects.filter(
        status=CaseStatus.AWAITING_CITIZEN,
        reply_due_date__gte=today,
        reply_due_date__lte=today + timedelta(days=days),
    ).select_related("case_type")
    sent = 0
    for rows in _batches(candidates, batch):
        keys = {f"case:{c.pk}:reply_reminder:{c.reply_due_date.isoformat()}": c for c in rows}
        done = _existing(list(keys))
        for key, case in keys.items():
            if key in done:
                continue
            notify_citizen(
                case=case,
                template_key="reply_reminder",
                key=case.reply_due_date.isoformat(),
                context={"reply_due_date": case.reply_due_date},
            )
            _mark(key)
            sent += 1
    return sent


def chase_correction_tasks(*, today: date, batch: int = BATCH) -> dict[str, int]:
    """Remind owners of requested corrections; escalate overdue ones to the coordinators."""
    offsets = reminder_offsets()
    horizon = today + timedelta(days=offsets[-1] if offsets else 0)
    counts = {"correction_reminder": 0, "correction_overdue": 0}
    candidates = CorrectionTask.objects.filter(
        Q(due_date__lte=horizon), status=TaskStatus.REQUESTED
    ).select_related("case__case_type", "system", "team")
    staff_escalation = None
    for rows in _batches(candidates, batch):
        wanted = {}
        for task in rows:
            template = "correction_overdue" if task.due_date < today else "correction_reminder"
            wanted[f"task:{task.pk}:{template}:{task.due_date.isoformat()}"] = (task, template)
        done = _existing(list(wanted))
        for key, (task, template) in wanted.items():
            if key in done:
                continue
            context = {
                "system": task.system.name,
                "system_code": task.system.code,
                "task_due_date": task.due_date,
            }
            notify_address(
                case=task.case,
                email=task.team.email if task.team else "",
                template_key=template,
                key=key,
                context=context,
            )
            if template == "correction_overdue":
                if staff_escalation is None:
                    staff_escalation = coordinators()
                for user in staff_escalation:
                    notify_staff(case=task.case, user=user, template_key=template, key=key)
            _mark(key)
            counts[template] += 1
    return counts
