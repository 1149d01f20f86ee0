"""A due date that explains itself, for the staff case page and the citizen's tracking page."""

from __future__ import annotations

from dataclasses import dataclass

from cases.calendar import load_calendar
from cases.deadlines import Calendar, format_date_en, format_date_nl
from cases.models import Case
from cases.services.deadlines import case_term


@dataclass(frozen=True)
class Explanation:
    due_date_text: str
    promised_date_text: str  # empty when the promise is the computed date
    lines: tuple[str, ...]
    statutory: bool


def explain_case_due_date(
    case: Case, *, language: str = "nl", calendar: Calendar | None = None
) -> Explanation:
    """The derivation of the case's due date in `language`. Reads the suspensions and extensions
    (prefetch them for lists) and the calendar (two small queries, or pass one)."""
    result = case_term(case, calendar=calendar or load_calendar())
    english = language.startswith("en")
    fmt = format_date_en if english else format_date_nl
    promised = case.promised_due_date
    return Explanation(
        due_date_text=fmt(result.due_date),
        promised_date_text=fmt(promised) if promised and promised > result.due_date else "",
        lines=tuple(step.text_en if english else step.text_nl for step in result.steps),
        statutory=case.case_type.is_statutory,
    )
