# long: correction plan services; to split by topic (not done yet)
"""Chain errors: the report's fields, the correction plan and every correction task action.

All task actions lock the case row first, so changes to one plan are serialised; advancing the
plan (requesting downstream tasks, returning the case to in_progress) happens in the same
transaction as the change that made it possible."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, has_transition_perm

from cases.actors import SYSTEM, Actor
from cases.chain import analyse
from cases.checks import (
    check_chain_report_triage,
    check_correction_plan_create,
    check_correction_task_add,
    check_correction_task_hold,
)
from cases.errors import ActionNotAllowed, CaseChangedMeanwhile, InvalidInput
from cases.models import (
    Case,
    CaseStatus,
    CaseType,
    ChainReport,
    CorrectionTask,
    DataElement,
    EventKind,
    System,
    TaskStatus,
)
from cases.selectors.chain import load_flow_graph
from cases.services.common import (
    lock_case,
    notify_address,
    perform,
    record_event,
    save_case,
    transition_event,
)
from cases.services.corrections import task_event
from cases.services.deadlines import correction_task_due
from cases.services.intake import CHAIN_ERROR, ChainFields, Submission, case_submit
from cases.services.webhooks import task_event_emit
from cases.workflow_correction import SETTLED_TASK_STATUSES


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


def _request(task: CorrectionTask, *, today) -> None:
    """System transition: ask the owner to correct, with the AVG art. 19 notice."""
    task.request()
    task.requested_at = timezone.now()
    task.due_date = correction_task_due(organisation=task.organisation, start=today)
    task.version += 1
    task.save(update_fields=["status", "requested_at", "due_date", "version", "updated_at"])
    _notify_correction_requested(task)
    task_event_emit(task=task, event="task.requested")


def _notify_correction_requested(task: CorrectionTask, *, reason: str = "") -> None:
    """Ask the owning team to correct (again, with the loket's reason after a rejection)."""
    context = {
        "system": task.system.name,
        "system_code": task.system.code,
        "elements": task.element_codes,
        "task_due_date": task.due_date,
        "hold_consequences": task.hold_consequences,
    }
    if reason:
        context["reason"] = reason
    notify_address(
        case=task.case,
        email=task.team.email if task.team else "",
        template_key="correction_requested",
        key=f"task{task.pk}:{task.version}",
        context=context,
    )


def advance_plan(case: Case) -> int:
    """Request every pending task whose upstream tasks are all settled; when every task is
    settled, bring the case back to in_progress. Caller holds the case lock. Returns the
    number of tasks requested."""
    today = timezone.localdate()
    tasks = list(
        case.correction_tasks.select_related(
            "system", "organisation", "team", "case"
        ).prefetch_related("upstream")
    )
    requested = 0
    for task in tasks:
        if task.status != TaskStatus.PENDING:
            continue
        if all(up.status in SETTLED_TASK_STATUSES for up in task.upstream.all()):
            source = task.status
            _request(task, today=today)
            task_event(task, SYSTEM, source)
            requested += 1
    if (
        tasks
        and case.status == CaseStatus.AWAITING_CHAIN
        and all(t.status in SETTLED_TASK_STATUSES for t in tasks)
    ):
        source, _target = perform(case, "chain_done", SYSTEM)
        save_case(case)
        transition_event(
            case=case,
            name="chain_done",
            actor=SYSTEM,
            source=source,
            reason=_("Alle correcties zijn afgerond."),
        )
    return requested


def correction_plan_create(
    *, case: Case, actor: Actor, expected_version: int | None = None
) -> list[CorrectionTask]:
    """Turn the impact analysis into one correction task per affected system, owned by the
    system's organisation, requested in topological order. The case waits for the chain."""
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        report = ChainReport.objects.filter(case=case).select_related("source_system").first()
        element_codes = list(report.elements.values_list("code", flat=True)) if report else []
        check_correction_plan_create(
            case=case, actor=actor, chain_report=report, elements=element_codes
        )
        result = analyse(load_flow_graph(), report.source_system.code, element_codes)
        systems = {
            s.code: s
            for s in System.objects.filter(code__in=[a.code for a in result.systems])
            .select_related("organisation")
            .prefetch_related("organisation__teams")
        }
        tasks: dict[str, CorrectionTask] = {}
        for affected in result.systems:
            system = systems[affected.code]
            teams = sorted(system.organisation.teams.all(), key=lambda t: t.code)
            tasks[affected.code] = CorrectionTask.objects.create(
                case=case,
                system=system,
                organisation=system.organisation,
                team=teams[0] if teams else None,
                level=affected.level,
                distance=affected.distance,
                path=list(affected.path),
                element_codes=sorted(affected.elements),
            )
        for affected in result.systems:
            tasks[affected.code].upstream.set([tasks[code] for code in affected.upstream])
        source, _target = perform(case, "await_chain", SYSTEM)
        save_case(case)
        transition_event(
            case=case,
            name="await_chain",
            actor=actor,
            source=source,
            data={
                "systems": [a.code for a in result.systems],
                "cycles": [list(c) for c in result.cycles],
            },
        )
        advance_plan(case)
    return list(case.correction_tasks.all())


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
            _notify_correction_requested(task, reason=reason.strip())
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


def correction_task_add(
    *,
    case: Case,
    actor: Actor,
    system: System,
    reason: str,
    expected_version: int | None = None,
) -> CorrectionTask:
    """Add a system the analysis missed. It waits for the plan's tasks of systems that deliver
    to it; its round is one after theirs. Bumps the case's version."""
    if not reason.strip():
        raise InvalidInput(_("Geef aan waarom dit systeem erbij hoort."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_correction_task_add(case=case, actor=actor, system=system)
        feeders = list(
            case.correction_tasks.filter(system__outgoing_flows__target=system).distinct()
        )
        teams = sorted(system.organisation.teams.all(), key=lambda t: t.code)
        report = ChainReport.objects.get(case=case)
        task = CorrectionTask.objects.create(
            case=case,
            system=system,
            organisation=system.organisation,
            team=teams[0] if teams else None,
            level=1 + max((f.level for f in feeders), default=0),
            distance=1 + min((f.distance for f in feeders), default=0),
            path=[*(feeders[0].path if feeders else []), system.code],
            element_codes=sorted(report.elements.values_list("code", flat=True)),
            reason=reason.strip(),
            added_manually=True,
        )
        task.upstream.set(feeders)
        task_event(task, actor, "", reason.strip())
        if case.status == CaseStatus.IN_PROGRESS:
            source, _target = perform(case, "await_chain", SYSTEM)
            save_case(case)
            transition_event(case=case, name="await_chain", actor=actor, source=source)
        else:
            save_case(case)
        advance_plan(case)
    task.refresh_from_db()  # advance_plan may have requested it already
    return task
