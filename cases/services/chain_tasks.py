"""Chain errors, one correction task's actions: corrected, verified, rejected, not affected,
disputed and the coordinator's decision, and holding consequences.

Every action locks the case row first, so changes to one plan are serialised, and advances the
plan (`chain_plan.advance_plan`) in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, has_transition_perm

from cases.actors import Actor
from cases.checks import check_correction_task_hold
from cases.errors import ActionNotAllowed, CaseChangedMeanwhile, InvalidInput
from cases.models import CorrectionTask, TaskStatus
from cases.services.chain_plan import advance_plan, notify_correction_requested
from cases.services.common import lock_case, notify_address
from cases.services.corrections import task_event
from cases.services.webhooks import task_event_emit
from cases.workflow_correction import SETTLED_TASK_STATUSES


def _task_action(
    *,
    task: CorrectionTask,
    actor: Actor,
    transition: str,
    reason: str = "",
    expected_version: int | None = None,
    require_reason: bool = False,
    changes=None,
) -> CorrectionTask:
    """One task transition under the case lock: version check, permission, event, notices."""
    if require_reason and not reason.strip():
        raise InvalidInput(_("Geef een toelichting."))
    with transaction.atomic():
        case = lock_case(task.case_id)
        task = (
            # of=self: PostgreSQL cannot lock the nullable side of the outer join to `team`.
            CorrectionTask.objects.select_for_update(of=("self",))
            .select_related("system", "organisation", "team")
            .get(pk=task.pk)
        )
        task.case = case
        if expected_version is not None and task.version != expected_version:
            raise CaseChangedMeanwhile()
        method = getattr(task, transition)
        if not has_transition_perm(method, actor):
            raise ActionNotAllowed()
        source = task.status
        try:
            method()
        except TransitionNotAllowed as exc:
            raise ActionNotAllowed() from exc
        fields = ["status", "version", "updated_at"]
        if reason.strip():
            task.reason = reason.strip()
            fields.append("reason")
        if task.status in SETTLED_TASK_STATUSES:
            task.settled_at = timezone.now()
            fields.append("settled_at")
        if changes:
            fields += changes(task)
        task.version += 1
        task.save(update_fields=fields)
        task_event(task, actor, source, reason.strip())
        if task.status == TaskStatus.REQUESTED and source == TaskStatus.CORRECTED:
            notify_correction_requested(task, reason=reason.strip())
        if task.status == TaskStatus.VERIFIED:
            task_event_emit(task=task, event="task.verified")
        elif task.status == TaskStatus.REQUESTED:  # sent back, or a dispute upheld
            task_event_emit(task=task, event="task.returned")
        advance_plan(case)
    return task


def correction_task_mark_corrected(*, task, actor, expected_version=None) -> CorrectionTask:
    return _task_action(
        task=task, actor=actor, transition="mark_corrected", expected_version=expected_version
    )


def correction_task_verify(*, task, actor, expected_version=None) -> CorrectionTask:
    return _task_action(
        task=task, actor=actor, transition="verify", expected_version=expected_version
    )


def correction_task_reject(*, task, actor, reason, expected_version=None) -> CorrectionTask:
    """Verification failed: the owner is asked again."""
    return _task_action(
        task=task,
        actor=actor,
        transition="reject_correction",
        reason=reason,
        require_reason=True,
        expected_version=expected_version,
    )


def correction_task_not_affected(*, task, actor, reason, expected_version=None) -> CorrectionTask:
    return _task_action(
        task=task,
        actor=actor,
        transition="mark_not_affected",
        reason=reason,
        require_reason=True,
        expected_version=expected_version,
    )


def correction_task_dispute(*, task, actor, reason, expected_version=None) -> CorrectionTask:
    return _task_action(
        task=task,
        actor=actor,
        transition="dispute",
        reason=reason,
        require_reason=True,
        expected_version=expected_version,
    )


def correction_task_decide_dispute(
    *, task, actor, uphold: bool, reason, expected_version=None
) -> CorrectionTask:
    """Coordinator: uphold the correction (back to requested) or agree with the owner."""
    return _task_action(
        task=task,
        actor=actor,
        transition="uphold" if uphold else "accept_dispute",
        reason=reason,
        require_reason=True,
        expected_version=expected_version,
    )


def correction_task_hold_consequences(
    *, task, actor, hold: bool, expected_version: int | None = None
) -> CorrectionTask:
    """Ask the owner to pause consequences (reminders, fines, stopped benefits) until the chain
    is corrected — or lift that request."""
    with transaction.atomic():
        case = lock_case(task.case_id)
        task = (
            # of=self: PostgreSQL cannot lock the nullable side of the outer join to `team`.
            CorrectionTask.objects.select_for_update(of=("self",))
            .select_related("system", "team")
            .get(pk=task.pk)
        )
        if expected_version is not None and task.version != expected_version:
            raise CaseChangedMeanwhile()
        task.case = case
        check_correction_task_hold(task=task, actor=actor)
        task.hold_consequences = hold
        task.version += 1
        task.save(update_fields=["hold_consequences", "version", "updated_at"])
        task.case = case
        task_event(
            task,
            actor,
            task.status,
            _("Gevolgen opgeschort") if hold else _("Opschorting gevolgen opgeheven"),
        )
        if hold:
            notify_address(
                case=case,
                email=task.team.email if task.team else "",
                template_key="consequences_on_hold",
                key=f"task{task.pk}:hold",
                context={"system": task.system.name},
            )
    return task
