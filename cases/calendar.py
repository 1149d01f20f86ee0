"""Loading the term calendar (decree days, closing days) from the database for the pure engine."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from django.utils import timezone

from cases.configuration_cache import cached
from cases.deadlines import Calendar
from cases.models import Case, ClosingDay, DecreeDay


def load_calendar() -> Calendar:
    """The decree and closing days, from this process's memory while the administrator changed
    nothing (cases.configuration_cache); else two small queries. Read-only: shared by requests."""
    return cached("calendar", _calendar_from_database)


def _calendar_from_database() -> Calendar:
    return Calendar(
        decree_days=MappingProxyType({d.date: d.decree for d in DecreeDay.objects.all()}),
        closing_days=MappingProxyType({d.date: d.reason for d in ClosingDay.objects.all()}),
    )


def received_on(case: Case) -> date:
    """Terms count Europe/Amsterdam calendar dates: a form sent at 00:30 on Saturday local time
    was received on Saturday, although it is still Friday in UTC."""
    return timezone.localdate(case.received_at)
