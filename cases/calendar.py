"""Loading the term calendar (decree days, closing days) from the database for the pure engine."""

from __future__ import annotations

from cases.deadlines import Calendar
from cases.models import ClosingDay, DecreeDay


def load_calendar() -> Calendar:
    """Two small queries; the tables hold a handful of rows per year."""
    return Calendar(
        decree_days={d.date: d.decree for d in DecreeDay.objects.all()},
        closing_days={d.date: d.reason for d in ClosingDay.objects.all()},
    )
