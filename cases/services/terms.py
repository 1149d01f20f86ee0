"""Changing a case's term: an extension within the type's policy, or the longer term of an
advisory committee (Awb 9:11, 9:14).

Each service: keyword-only, one transaction, row lock and version check, the check the page
asks too (cases.checks), the event row, and notices written to the outbox (dispatched after
commit).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cases.actors import Actor
from cases.checks import (
    check_case_extend,
    check_case_refer_to_committee,
)
from cases.errors import InvalidInput
from cases.models import (
    Case,
    EventKind,
    Extension,
)
from cases.services.common import (
    local_today,
    lock_case,
    notify_address,
    notify_citizen,
    record_event,
    save_case,
)
from cases.services.deadlines import recompute_due_date


def case_extend(
    *,
    case: Case,
    actor: Actor,
    amount: int,
    reason: str,
    with_consent: bool = False,
    expected_version: int | None = None,
) -> Case:
    """Extend the term within the type's policy, record it, recompute the due date and tell the
    citizen (and, for a complaint, the person complained about: Awb 9:11 lid 2)."""
    if not reason.strip():
        raise InvalidInput(_("Geef de reden van de verlenging; de inwoner krijgt die te lezen."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        today = local_today()
        check_case_extend(
            case=case, actor=actor, amount=amount, with_consent=with_consent, today=today
        )
        previous = case.due_date
        extension = Extension.objects.create(
            case=case,
            amount=amount,
            unit=case.case_type.extension_unit,
            reason=reason.strip(),
            with_consent=with_consent,
            notified_on=today,
            previous_due_date=previous,
            new_due_date=previous,
            created_by=actor.user,
        )
        extension.new_due_date = recompute_due_date(case)
        extension.save(update_fields=["new_due_date"])
        save_case(case, "due_date")
        record_event(
            case=case,
            kind=EventKind.EXTENDED,
            actor=actor,
            reason=reason.strip(),
            is_public=True,
            data={
                "amount": amount,
                "unit": case.case_type.extension_unit,
                "previous_due_date": previous.isoformat(),
                "with_consent": with_consent,
            },
        )
        context = {"previous_due_date": previous, "reason": reason.strip()}
        notify_citizen(
            case=case, template_key="extension", key=case.due_date.isoformat(), context=context
        )
        if case.case_type.extension_notify_accused:
            notify_address(
                case=case,
                email=case.complained_about_email,
                template_key="extension_accused",
                key=case.due_date.isoformat(),
                context=context,
            )
    return case


def case_refer_to_committee(
    *, case: Case, actor: Actor, reason: str, expected_version: int | None = None
) -> Case:
    """Awb 9:14: the complaint goes to an advisory committee, so it must be decided within the
    committee term (Awb 9:11 lid 1: ten weeks after receipt) instead of six weeks. The due date
    is recomputed from the records (an extension stays on top, Awb 9:11 lid 2) and the citizen
    is told the new date."""
    if not reason.strip():
        raise InvalidInput(_("Geef aan welke commissie adviseert; de inwoner krijgt dat te lezen."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_refer_to_committee(case=case, actor=actor)
        previous = case.due_date
        case.advisory_committee = True
        recompute_due_date(case)
        save_case(case, "due_date", "advisory_committee")
        record_event(
            case=case,
            kind=EventKind.DUE_DATE_CHANGED,
            actor=actor,
            reason=reason.strip(),
            is_public=True,
            data={
                "old": previous.isoformat(),
                "new": case.due_date.isoformat(),
                "committee_term_weeks": case.case_type.committee_term_weeks,
            },
        )
        if case.due_date != previous:
            context = {
                "previous_due_date": previous,
                "committee_term_weeks": case.case_type.committee_term_weeks,
            }
            notify_citizen(
                case=case,
                template_key="due_date_moved",
                key=case.due_date.isoformat(),
                context=context,
            )
    return case
