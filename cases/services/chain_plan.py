"""Chain errors, the correction plan: turning the impact analysis into tasks, adding a system the
analysis missed, and advancing the plan (requesting the tasks whose upstream tasks are settled,
returning the case to in_progress when every task is settled).

Callers hold the case lock, so changes to one plan are serialised; advancing happens in the same
transaction as the change that made it possible."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actors import SYSTEM, Actor
from cases.chain import analyse
from cases.checks import check_correction_plan_create, check_correction_task_add
from cases.errors import InvalidInput
from cases.models import Case, CaseStatus, ChainReport, CorrectionTask, System, TaskStatus
from cases.selectors.chain import load_flow_graph
from cases.services.common import lock_case, notify_address, perform, save_case, transition_event
from cases.services.corrections import task_event
from cases.services.deadlines import correction_task_due
from cases.services.webhooks import task_event_emit
from cases.workflow_correction import SETTLED_TASK_STATUSES


def _request(task: CorrectionTask, *, today) -> None:
    """System transition: ask the owner to correct, with the AVG art. 19 notice."""
    task.request()
    task.requested_at = timezone.now()
    task.due_date = correction_task_due(organisation=task.organisation, start=today)
    task.version += 1
    task.save(update_fields=["status", "requested_at", "due_date", "version", "updated_at"])
    notify_correction_requested(task)
    task_event_emit(task=task, event="task.requested")


def notify_correction_requested(task: CorrectionTask, *, reason: str = "") -> None:
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
