"""The correction task state machine (DESIGN.md §4): one task per affected system.

Owners (caseworkers of the organisation that owns the system) report corrected, not affected or
disputed; the loket (a handler of the case's organisation, or a coordinator) verifies or sends a
correction back; the coordinator decides disputes; the system requests a task once everything
upstream is settled, and cancels open tasks when the case is withdrawn.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from cases.actors import Actor
from cases.enums import (  # noqa: F401 (the names stay importable from here)
    OPEN_TASK_STATUSES,
    SETTLED_TASK_STATUSES,
    STAFF_HANDLERS,
    Role,
    TaskStatus,
)
from cases.workflow import system_only


def owner(instance, actor: Actor) -> bool:
    """A caseworker of the organisation that owns the system (or a coordinator)."""
    if not isinstance(actor, Actor) or not actor.is_staff:
        return False
    if actor.sees_everything:
        return True
    return actor.has_role(Role.CASEWORKER) and instance.organisation_id in actor.organisation_ids


owner.roles = (Role.CASEWORKER, Role.COORDINATOR)


def loket(instance, actor: Actor) -> bool:
    """A handler of the case (its organisation's caseworkers) or a coordinator."""
    if not isinstance(actor, Actor) or not actor.is_staff:
        return False
    if actor.sees_everything:
        return True
    return (
        actor.has_role(*STAFF_HANDLERS) and instance.case.organisation_id in actor.organisation_ids
    )


loket.roles = STAFF_HANDLERS


def owner_or_loket(instance, actor: Actor) -> bool:
    return owner(instance, actor) or loket(instance, actor)


owner_or_loket.roles = STAFF_HANDLERS


def coordinator(instance, actor: Actor) -> bool:
    return isinstance(actor, Actor) and actor.is_staff and actor.sees_everything


coordinator.roles = (Role.COORDINATOR,)


class CorrectionTaskWorkflow(ConcurrentTransitionMixin, models.Model):
    status = FSMField(
        _("status"),
        max_length=20,
        choices=TaskStatus.choices,
        default=TaskStatus.PENDING,
        protected=True,
        db_index=True,
    )

    class Meta:
        abstract = True

    @transition(
        field=status, source=TaskStatus.PENDING, target=TaskStatus.REQUESTED, permission=system_only
    )
    def request(self):
        """Every upstream task is settled: ask the owner to correct (AVG art. 19 notice)."""

    @transition(
        field=status, source=TaskStatus.REQUESTED, target=TaskStatus.CORRECTED, permission=owner
    )
    def mark_corrected(self):
        """The owner reports the data corrected."""

    @transition(
        field=status, source=TaskStatus.CORRECTED, target=TaskStatus.VERIFIED, permission=loket
    )
    def verify(self):
        """The loket checked the correction."""

    @transition(
        field=status, source=TaskStatus.CORRECTED, target=TaskStatus.REQUESTED, permission=loket
    )
    def reject_correction(self):
        """Verification failed: ask again."""

    @transition(
        field=status,
        source=[TaskStatus.PENDING, TaskStatus.REQUESTED],
        target=TaskStatus.NOT_AFFECTED,
        permission=owner_or_loket,
    )
    def mark_not_affected(self):
        """The system does not hold the wrong data (with reason)."""

    @transition(
        field=status, source=TaskStatus.REQUESTED, target=TaskStatus.DISPUTED, permission=owner
    )
    def dispute(self):
        """The owner says the data is right."""

    @transition(
        field=status,
        source=TaskStatus.DISPUTED,
        target=TaskStatus.REQUESTED,
        permission=coordinator,
    )
    def uphold(self):
        """Coordinator: the correction stands; the owner must correct."""

    @transition(
        field=status,
        source=TaskStatus.DISPUTED,
        target=TaskStatus.NOT_AFFECTED,
        permission=coordinator,
    )
    def accept_dispute(self):
        """Coordinator: the owner is right; nothing to correct there."""

    @transition(
        field=status,
        source=list(OPEN_TASK_STATUSES),
        target=TaskStatus.CANCELLED,
        permission=system_only,
    )
    def cancel(self):
        """The case was withdrawn."""
