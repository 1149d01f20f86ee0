"""The case state machine (DESIGN.md §4), with django-fsm-2.

The state field is protected: only these transitions change it, and only services call them
(they lock the row, check the version, write the event and the notices in one transaction).
Each transition names the actors that may perform it; `permission` receives an `Actor`.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from cases.actors import Actor
from cases.enums import (  # noqa: F401 (the names stay importable from here)
    CLOCK_STATUSES,
    FINAL_STATUSES,
    OPEN_STATUSES,
    OPEN_TASK_STATUSES,
    STAFF_HANDLERS,
    CaseStatus,
    Role,
)


def staff(*roles: str, scoped: bool = True):
    """Permission: a staff actor with one of `roles`; when `scoped`, the case must be within the
    actor's reach (assigned to one of their organisations), unless they see everything."""

    def check(instance, actor: Actor) -> bool:
        if not isinstance(actor, Actor) or not actor.is_staff:
            return False
        if not actor.has_role(*roles) and not actor.sees_everything:
            return False
        if not scoped or actor.sees_everything:
            return True
        return instance.organisation_id in actor.organisation_ids

    check.roles = roles  # for the role matrix in tests and the admin
    return check


def acts_for_citizen(actor: Actor) -> bool:
    """The front desk (KCC) passes on what a citizen says by phone, at the counter or by letter,
    whichever organisation handles the case (DESIGN.md §2: one point of contact)."""
    return isinstance(actor, Actor) and actor.is_staff and actor.has_role(Role.FRONT_DESK)


def staff_or_citizen(*roles: str):
    staff_check = staff(*roles)

    def check(instance, actor: Actor) -> bool:
        if isinstance(actor, Actor) and actor.is_citizen:
            return True
        if Role.FRONT_DESK in roles and acts_for_citizen(actor):
            return True
        return staff_check(instance, actor)

    check.roles = roles
    return check


def system_only(instance, actor: Actor) -> bool:
    return isinstance(actor, Actor) and actor.is_system


system_only.roles = ()


def front_desk_may_answer(instance, actor: Actor) -> bool:
    """The front desk may take and resolve a question it answers at once (any other case goes
    to a caseworker)."""
    if isinstance(actor, Actor) and actor.is_staff and actor.has_role(Role.FRONT_DESK):
        return instance.case_type.code == "question"
    return False


def handler_or_front_desk(instance, actor: Actor) -> bool:
    return staff(*STAFF_HANDLERS)(instance, actor) or front_desk_may_answer(instance, actor)


handler_or_front_desk.roles = (*STAFF_HANDLERS, Role.FRONT_DESK)


class CaseWorkflow(ConcurrentTransitionMixin, models.Model):
    status = FSMField(
        _("status"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.RECEIVED,
        protected=True,
        # No index of its own (issue 23): `case_status_due_idx` (status, due_date) answers every
        # lookup by status, and one index less is one less to write on every intake. With both,
        # the planner read the overdue count through this one, filtering 1,000 rows at a time.
    )

    class Meta:
        abstract = True

    # --- conditions -------------------------------------------------------------------------
    def chain_settled(self) -> bool:
        """No correction task of this case is still open (the chain issue adds tasks)."""
        return not self.correction_tasks.filter(status__in=OPEN_TASK_STATUSES).exists()

    def within_reopen_window(self) -> bool:
        if self.resolved_at is None:
            return False
        window = timedelta(days=self.case_type.reopen_window_days)
        return timezone.now() <= self.resolved_at + window

    def reopen_window_passed(self) -> bool:
        return not self.within_reopen_window()

    # --- transitions ------------------------------------------------------------------------
    @transition(
        field=status,
        source=CaseStatus.RECEIVED,
        target=CaseStatus.IN_PROGRESS,
        permission=handler_or_front_desk,
    )
    def take(self):
        """Taken into handling."""

    @transition(
        field=status,
        source=CaseStatus.RECEIVED,
        target=CaseStatus.REJECTED,
        permission=staff(*STAFF_HANDLERS),
    )
    def reject(self):
        """Not admissible or declined (Awb 9:8), with reason and notice."""

    @transition(
        field=status,
        source=CaseStatus.IN_PROGRESS,
        target=CaseStatus.AWAITING_CITIZEN,
        permission=staff(*STAFF_HANDLERS),
    )
    def request_information(self):
        """Ask the citizen for information, with a reply term."""

    @transition(
        field=status,
        source=CaseStatus.AWAITING_CITIZEN,
        target=CaseStatus.IN_PROGRESS,
        permission=staff_or_citizen(Role.FRONT_DESK, *STAFF_HANDLERS),
    )
    def receive_reply(self):
        """The citizen replied (through the tracking page, or to the front desk)."""

    @transition(
        field=status,
        source=CaseStatus.AWAITING_CITIZEN,
        target=CaseStatus.IN_PROGRESS,
        permission=system_only,
    )
    def expire_reply_term(self):
        """The reply term passed without a reply."""

    @transition(
        field=status,
        source=CaseStatus.IN_PROGRESS,
        target=CaseStatus.AWAITING_CHAIN,
        permission=system_only,
    )
    def await_chain(self):
        """Correction tasks are under way."""

    @transition(
        field=status,
        source=CaseStatus.AWAITING_CHAIN,
        target=CaseStatus.IN_PROGRESS,
        conditions=[chain_settled],
        permission=system_only,
    )
    def chain_done(self):
        """Every correction task settled."""

    @transition(
        field=status,
        source=CaseStatus.IN_PROGRESS,
        target=CaseStatus.RESOLVED,
        conditions=[chain_settled],
        permission=handler_or_front_desk,
    )
    def resolve(self):
        """Outcome and written answer given."""

    @transition(
        field=status,
        source=CaseStatus.RESOLVED,
        target=CaseStatus.IN_PROGRESS,
        conditions=[within_reopen_window],
        permission=staff(*STAFF_HANDLERS),
    )
    def reopen(self):
        """Reopened within the reopen window."""

    @transition(
        field=status,
        source=CaseStatus.RESOLVED,
        target=CaseStatus.CLOSED,
        conditions=[reopen_window_passed],
        permission=system_only,
    )
    def close(self):
        """Closed by the system after the reopen window; starts the retention clock."""

    @transition(
        field=status,
        source=list(OPEN_STATUSES),
        target=CaseStatus.WITHDRAWN,
        permission=staff_or_citizen(Role.FRONT_DESK, *STAFF_HANDLERS),
    )
    def withdraw(self):
        """Withdrawn by the citizen (or on their behalf)."""
