"""Periodic work on cases: the system transitions whose time has come, deadline reminders and
escalations.

The due dates in the database are the schedule: this sweep runs every few minutes, finds what is
due with indexed queries and acts on ids. No far-future ETA tasks (Redis would redeliver them
after the visibility timeout)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="cases.tasks.sweep_deadlines", acks_late=True)
def sweep_deadlines() -> dict[str, int]:
    """Idempotent: running it twice in a row writes nothing the second time."""
    from cases.services.reminders import (
        chase_case_deadlines,
        chase_correction_tasks,
        chase_reply_terms,
    )
    from cases.services.system import system_transitions

    counts = system_transitions()
    today = timezone.localdate()
    counts.update(chase_case_deadlines(today=today))
    counts["reply_reminder"] = chase_reply_terms(today=today)
    counts.update(chase_correction_tasks(today=today))
    return counts
