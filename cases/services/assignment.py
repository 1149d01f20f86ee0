"""Who holds a case: forwarding to another team or organisation, assigning a person.

Each service: keyword-only, one transaction, row lock and version check, the check the page
asks too (cases.checks), the event row, and notices written to the outbox (dispatched after
commit).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cases.actors import Actor
from cases.checks import (
    check_case_assign,
    check_case_forward,
)
from cases.errors import InvalidInput
from cases.models import (
    Case,
    EventKind,
    Team,
)
from cases.services.common import (
    lock_case,
    notify_address,
    notify_citizen,
    notify_staff,
    record_event,
    save_case,
)


def case_forward(
    *, case: Case, actor: Actor, team: Team, reason: str, expected_version: int | None = None
) -> Case:
    """Hand the case to another team or organisation. Not a state change: an assignment event.
    The municipality stays responsible; the citizen keeps one case number."""
    if not reason.strip():
        raise InvalidInput(_("Geef een reden voor het doorsturen."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_forward(case=case, actor=actor)
        if team.pk == case.team_id:
            raise InvalidInput(_("De zaak ligt al bij dit team."))
        previous_org = case.organisation_id
        previous = {"team": case.team.code if case.team else None}
        case.team = team
        case.organisation = team.organisation
        case.assignee = None
        save_case(case, "team", "organisation", "assignee")
        record_event(
            case=case,
            kind=EventKind.FORWARDED,
            actor=actor,
            reason=reason.strip(),
            is_public=previous_org != team.organisation_id,
            data={**previous, "to_team": team.code, "to_organisation": team.organisation.code},
        )
        if previous_org != team.organisation_id:
            notify_citizen(
                case=case,
                template_key="forwarded",
                key=f"{team.code}:{case.version}",
                context={"organisation": team.organisation.display_name},
            )
        notify_address(
            case=case, email=team.email, template_key="case_assigned", key=str(case.version)
        )
    return case


def case_assign(*, case: Case, actor: Actor, assignee, expected_version: int | None = None) -> Case:
    """Coordinator (re)assigns a case to a person; a caseworker may assign it to themself."""
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_assign(case=case, actor=actor, assignee=assignee)
        case.assignee = assignee
        save_case(case, "assignee")
        record_event(
            case=case,
            kind=EventKind.ASSIGNED,
            actor=actor,
            data={"assignee": assignee.pk if assignee else None},
        )
        notify_staff(case=case, user=assignee, template_key="case_assigned", key=str(case.version))
    return case
