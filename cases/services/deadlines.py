"""The due date as a function of the case's records (received date, type, calendar, suspensions,
extensions). The stored `Case.due_date` is always this function's result."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cases.calendar import load_calendar, received_on
from cases.deadlines import (
    Calendar,
    ExtensionSpec,
    Period,
    Term,
    TermResult,
    TermUnit,
    add_term,
    compute_due_date,
)
from cases.models import Case, CaseType, Organisation
from cases.selectors.tracking import citizen_due_date


def type_term(case_type: CaseType, *, committee: bool = False) -> Term:
    """The type's term; with `committee`, the term when an advisory committee advises (Awb 9:11
    lid 1 and 9:14: ten weeks for a complaint)."""
    if committee and case_type.committee_term_weeks:
        return Term(case_type.committee_term_weeks, TermUnit.WEEKS)
    return Term(case_type.term_amount, TermUnit(case_type.term_unit))


def legal_basis(case_type: CaseType, *, committee: bool = False) -> str:
    if committee and case_type.committee_term_weeks:
        return f"{case_type.law_reference} lid 1 en Awb 9:14 (adviescommissie)"
    return case_type.law_reference


def term_for_received(
    *, case_type: CaseType, received: date, calendar: Calendar | None = None
) -> TermResult:
    return compute_due_date(
        received_on=received,
        term=type_term(case_type),
        calendar=calendar or load_calendar(),
        statutory=case_type.is_statutory,
        legal_basis=case_type.law_reference,
    )


def case_term(
    case: Case, *, calendar: Calendar | None = None, today: date | None = None
) -> TermResult:
    """The full derivation for a case. An open suspension counts up to `today`."""
    today = today or timezone.localdate()
    suspensions = [
        Period(start=s.start, end=s.end or max(today, s.start), reason=s.reason)
        for s in case.suspensions.all()
    ]
    extensions = [
        ExtensionSpec(
            term=Term(e.amount, TermUnit(e.unit)), reason=e.reason, notified_on=e.notified_on
        )
        for e in case.extensions.all()
    ]
    committee = case.advisory_committee
    return compute_due_date(
        received_on=received_on(case),
        term=type_term(case.case_type, committee=committee),
        calendar=calendar or load_calendar(),
        statutory=case.case_type.is_statutory,
        legal_basis=legal_basis(case.case_type, committee=committee),
        suspensions=suspensions,
        extensions=extensions,
    )


def recompute_due_date(case: Case, *, calendar: Calendar | None = None) -> date:
    """Set `case.due_date` from the records (does not save). The promised date follows when the
    computed date moves later, never when it moves earlier."""
    case.due_date = case_term(case, calendar=calendar).due_date
    case.promised_due_date = citizen_due_date(case=case)
    return case.due_date


def correction_task_due(
    *, organisation: Organisation, start: date, calendar: Calendar | None = None
) -> date:
    """A correction task's due date: the owner's correction term in working days from `start`
    (a service norm, so municipal closing days count as well)."""
    term = Term(organisation.correction_term_days, TermUnit.WORKING_DAYS)
    return add_term(start, term, calendar or load_calendar(), service_norm=True)
