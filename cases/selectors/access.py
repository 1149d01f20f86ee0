"""Reads. Access is decided here, in one place: every page that lists or opens a case, task or
attachment starts from these querysets, so a user who may not see a thing gets a 404."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from cases.actors import Actor
from cases.enums import OrganisationKind, Role, TaskStatus
from cases.models import Attachment, Case, CorrectionTask, Membership


def _task_routed_to(actor: Actor) -> Q:
    # A task is routed to its owner once it is requested; pending tasks wait for upstream.
    return Q(organisation_id__in=actor.organisation_ids) & ~Q(status=TaskStatus.PENDING)


def cases_visible_to(*, actor: Actor) -> QuerySet[Case]:
    """Coordinators see everything; the municipal front desk sees every case (it must find them
    by name or phone); caseworkers see the cases assigned to their organisation and the cases
    with a correction task routed to it; council members and administrators see no case."""
    cases = Case.objects.all()
    if not actor.is_staff:
        return cases.none()
    if actor.sees_everything:
        return cases
    municipal_front_desk = actor.has_role(Role.FRONT_DESK) and (
        actor.organisation_ids - actor.partner_organisation_ids
    )
    if municipal_front_desk:
        return cases
    if not actor.has_role(Role.CASEWORKER):
        return cases.none()
    routed_task = CorrectionTask.objects.filter(_task_routed_to(actor), case=OuterRef("pk"))
    return cases.filter(Q(organisation_id__in=actor.organisation_ids) | Exists(routed_task))


def tasks_visible_to(*, actor: Actor) -> QuerySet[CorrectionTask]:
    tasks = CorrectionTask.objects.all()
    if not actor.is_staff:
        return tasks.none()
    if actor.sees_everything:
        return tasks
    visible_cases = (
        cases_visible_to(actor=actor).filter(organisation_id__in=actor.organisation_ids)
        if actor.has_role(Role.CASEWORKER, Role.FRONT_DESK)
        else Case.objects.none()
    )
    return tasks.filter(_task_routed_to(actor) | Q(case__in=visible_cases))


def attachments_visible_to(*, actor: Actor) -> QuerySet[Attachment]:
    """Partners who reach a case only through a correction task see no attachments (the
    citizen's evidence stays with the municipality unless shared)."""
    if not actor.is_staff:
        return Attachment.objects.none()
    if actor.sees_everything:
        return Attachment.objects.all()
    own = cases_visible_to(actor=actor)
    if not actor.has_role(Role.FRONT_DESK):
        own = own.filter(organisation_id__in=actor.organisation_ids)
    return Attachment.objects.filter(case__in=own)


def staff_actor(*, user) -> Actor:
    """Build the actor for a logged-in user from their memberships (one query)."""
    memberships = list(Membership.objects.filter(user=user).select_related("team__organisation"))
    roles = {m.role for m in memberships}
    if user.is_superuser:
        roles.add(Role.COORDINATOR)
    return Actor(
        kind="staff",
        user=user,
        roles=frozenset(roles),
        organisation_ids=frozenset(m.team.organisation_id for m in memberships),
        team_ids=frozenset(m.team_id for m in memberships),
        partner_organisation_ids=frozenset(
            m.team.organisation_id
            for m in memberships
            if m.team.organisation.kind == OrganisationKind.PARTNER
        ),
    )
