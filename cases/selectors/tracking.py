"""Reads for the citizen's tracking page (loket/views/tracking.py)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from cases.models import Case, CaseEvent, Note
from cases.selectors.identity import cases_for_bsn


def citizen_due_date(*, case: Case) -> date:
    """The date the citizen is shown (and held to): the computed due date, or the date promised
    earlier when the term has since moved earlier — a date once told never moves back."""
    return max(filter(None, (case.promised_due_date, case.due_date)))


def citizen_events(*, case: Case) -> QuerySet[CaseEvent]:
    """The public events of the case, oldest first."""
    return case.events.filter(is_public=True).order_by("created_at", "id")


def citizen_messages(*, case: Case) -> QuerySet[Note]:
    """The messages staff wrote to the citizen, oldest first."""
    return case.notes.filter(to_citizen=True).order_by("created_at")


def citizen_case_for_bsn(*, bsn: str, number: str) -> Case | None:
    """Mijn zaken (issue 17): the case with this number if it is bound to this verified BSN,
    else None (someone else's case and a guessed number look the same), with what the tracking
    page reads."""
    return (
        cases_for_bsn(bsn=bsn)
        .select_related("case_type", "organisation", "team")
        .filter(number=number)
        .first()
    )
