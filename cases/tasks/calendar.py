"""Recomputing terms after a change of the calendar."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cases.tasks.apply_calendar_change", acks_late=True)
def apply_calendar_change(change_id: int) -> dict[str, int]:
    """Recompute the open cases and tasks a calendar change touches (idempotent)."""
    from cases.models import CalendarChange
    from cases.services.calendar import calendar_change_apply

    change = CalendarChange.objects.get(pk=change_id)
    change = calendar_change_apply(change=change)
    return {"cases": change.changed_cases, "tasks": change.changed_tasks}
