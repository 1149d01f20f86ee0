"""What a calendar change will do, before it is saved (issue 22)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q

from cases.models import CalendarChange
from cases.services.calendar import affected_cases, affected_tasks


@dataclass(frozen=True)
class CalendarImpact:
    cases: int
    tasks: int
    citizens_told: int


def calendar_change_impact(*, kind: str, day: date, adding: bool) -> CalendarImpact:
    """Counts of what the recomputation will touch, with the same queries it uses
    (cases.services.calendar.affected_cases / affected_tasks). A citizen is told only when the
    date they were given moves later: after an added day, every affected case whose promised
    date is its due date (at most; a term in calendar days may not move); after a removed day
    nobody (a promised date never moves earlier)."""
    change = CalendarChange(kind=kind, date=day)
    cases = affected_cases(change)
    told = 0
    if adding:
        told = (
            cases.filter(Q(promised_due_date__isnull=True) | Q(promised_due_date=F("due_date")))
            .exclude(citizen_email="", citizen_address="")
            .count()
        )
    return CalendarImpact(
        cases=cases.count(), tasks=affected_tasks(change).count(), citizens_told=told
    )
