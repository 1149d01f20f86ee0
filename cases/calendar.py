"""Loading the term calendar (decree days, closing days) from the database for the pure engine."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cases.deadlines import Calendar
from cases.models import Case, ClosingDay, DecreeDay


def load_calendar() -> Calendar:
    """Two small queries; the tables hold a handful of rows per year."""
    return Calendar(
        decree_days={d.date: d.decree for d in DecreeDay.objects.all()},
        closing_days={d.date: d.reason for d in ClosingDay.objects.all()},
    )


def received_on(case: Case) -> date:
    """Terms count Europe/Amsterdam calendar dates: a form sent at 00:30 on Saturday local time
    was received on Saturday, although it is still Friday in UTC."""
    return timezone.localdate(case.received_at)
