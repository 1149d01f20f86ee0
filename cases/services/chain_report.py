"""Chain errors, the report itself: a chain-error report from any channel, and the loket's
triage that names the source system and the wrong data elements."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cases.actors import Actor
from cases.checks import check_chain_report_triage
from cases.errors import InvalidInput
from cases.models import Case, CaseType, ChainReport, DataElement, EventKind, System
from cases.services.common import lock_case, record_event, save_case
from cases.services.intake import CHAIN_ERROR, ChainFields, Submission, case_submit


def chain_error_submit(
    *,
    source_system: System | None,
    elements: list[DataElement],
    wrong_value: str,
    right_value: str,
    noticed_where: str = "",
    noticed_system: System | None = None,
    **case_fields,
) -> Submission:
    """A chain-error report from any channel (the web form, the front desk): the case and its
    chain fields in one transaction, by `case_submit`. The source system may be unknown ("I
    don't know"); triage fills it in."""
    return case_submit(
        case_type=CaseType.objects.get(code=CHAIN_ERROR),
        source_system=source_system,
        chain=ChainFields(
            source_system=source_system,
            elements=elements,
            wrong_value=wrong_value,
            right_value=right_value,
            noticed_where=noticed_where,
            noticed_system=noticed_system,
        ),
        **case_fields,
    )


def chain_report_triage(
    *,
    case: Case,
    actor: Actor,
    source_system: System,
    elements: list[DataElement],
    expected_version: int | None = None,
) -> ChainReport:
    """The loket names the source system and the wrong elements (when the citizen did not know).
    Bumps the case's version: a colleague's form with other choices is then stale."""
    if not elements:
        raise InvalidInput(_("Kies minstens één onjuist gegeven."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_chain_report_triage(case=case, actor=actor)
        report = ChainReport.objects.select_for_update().get(case=case)
        report.source_system = source_system
        report.save(update_fields=["source_system"])
        report.elements.set(elements)
        save_case(case)
        record_event(
            case=case,
            kind=EventKind.CHAIN,
            actor=actor,
            data={
                "source_system": source_system.code,
                "elements": sorted(e.code for e in elements),
            },
        )
    return report
